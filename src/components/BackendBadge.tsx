import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRuntime } from '../state/runtime';

/** Always-visible badge with the backend in use, and a notice when the app fell back. */
export function BackendBadge() {
  const { t } = useTranslation();
  const backend = useRuntime((s) => s.backend);
  const error = useRuntime((s) => s.backendError);
  const name = backend?.name ?? (error ? '—' : t('backend.starting'));
  return (
    <span
      className={`badge backend-${backend?.name ?? 'none'}`}
      data-testid="backend-badge"
      data-backend={backend?.name ?? ''}
      title={t('backend.title', { adapter: backend?.adapter ? ` (${backend.adapter})` : '' })}
    >
      <span className="badge-label">{t('backend.label')}</span> {name}
    </span>
  );
}

/** Shown after the engine restarted because the GPU device was lost. */
export function RecoveryNotice() {
  const { t } = useTranslation();
  const recovered = useRuntime((s) => s.recovered);
  const backend = useRuntime((s) => s.backend);
  if (!recovered) return null;
  return (
    <div className="notice" role="status" data-testid="recovery-notice">
      {t('backend.recovered', { reason: recovered.reason, backend: backend?.name ?? '…' })}
      <button type="button" className="link-button" onClick={() => useRuntime.setState({ recovered: null })}>
        {t('backend.dismiss')}
      </button>
    </div>
  );
}

export function BackendNotice() {
  const { t } = useTranslation();
  const backend = useRuntime((s) => s.backend);
  const error = useRuntime((s) => s.backendError);
  const [dismissed, setDismissed] = useState(false);
  if (error) {
    return (
      <div className="notice notice-error" role="alert" data-testid="backend-notice">
        {t('backend.failed', { message: error })}
      </div>
    );
  }
  if (!backend || backend.skipped.length === 0 || dismissed) return null;
  const reasons = backend.skipped.map((s) => t('backend.skipped', { name: s.name, reason: s.reason })).join('; ');
  return (
    <div className="notice" role="status" data-testid="backend-notice">
      {backend.requested && backend.requested !== backend.name ? `${t('backend.requested', { requested: backend.requested })} ` : ''}
      {t('backend.fellBack', { backend: backend.name, reasons })}
      <button type="button" className="link-button" onClick={() => setDismissed(true)}>
        {t('backend.dismiss')}
      </button>
    </div>
  );
}
