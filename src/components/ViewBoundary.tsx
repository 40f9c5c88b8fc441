import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  name: string;
  children: ReactNode;
}

function ViewError({ name, error, onRetry }: { name: string; error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert" data-testid="view-error" data-view={name}>
      <strong>{t('app.viewFailed')}</strong> {error.message}
      <button type="button" onClick={onRetry}>
        {t('models.retry')}
      </button>
    </div>
  );
}

/** Keeps one failing view from taking the page down: it shows its error, the rest keeps working. */
export class ViewBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`view ${this.props.name} failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error)
      return <ViewError name={this.props.name} error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
