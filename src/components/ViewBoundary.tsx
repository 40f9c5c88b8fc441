import { Component, type ErrorInfo, type ReactNode, useSyncExternalStore } from 'react';
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

const faults = new Set<string>();
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/**
 * Fault injection for the end-to-end test of the boundaries (window.__tp.failView):
 * the named view throws while its fault is set. Nothing else sets it.
 */
export function setViewFault(name: string, on: boolean): void {
  if (on) faults.add(name);
  else faults.delete(name);
  for (const l of listeners) l();
}

function Tripwire({ name }: { name: string }) {
  const failing = useSyncExternalStore(subscribe, () => faults.has(name));
  if (failing) throw new Error(`simulated failure in the ${name} view`);
  return null;
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
    return (
      <>
        <Tripwire name={this.props.name} />
        {this.props.children}
      </>
    );
  }
}
