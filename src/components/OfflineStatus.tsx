import { useTranslation } from 'react-i18next';
import { applyUpdate, progressFraction, useOffline } from '../app/offline';

/**
 * Bottom-right dock: the "new version ready — Reload" notice and a small
 * offline status (saving on the first visit, then ready). Renders nothing
 * where no service worker runs (development, tests that block it).
 */
export function OfflineStatus() {
  const { t } = useTranslation();
  const { phase, progress, updateReady, justSaved } = useOffline();
  if (phase === 'off' && !updateReady) return null;
  const percent = Math.round(100 * progressFraction(progress));
  return (
    <div className="offline-dock">
      {updateReady ? (
        <div className="update-notice" role="status" data-testid="update-notice">
          <span>{t('offline.update')}</span>
          <button type="button" data-testid="update-reload" title={t('offline.reloadTitle')} onClick={() => void applyUpdate()}>
            {t('offline.reload')}
          </button>
        </div>
      ) : null}
      {phase === 'saving' ? (
        <div className="offline-status" role="status" data-testid="offline-status" data-phase={phase}>
          <span>{progress ? t('offline.saving', { percent }) : t('offline.savingStart')}</span>
          {progress ? <progress max={100} value={percent} aria-label={t('offline.savingLabel')} /> : null}
        </div>
      ) : phase === 'ready' ? (
        <div className="offline-status" role="status" data-testid="offline-status" data-phase={phase}>
          <span aria-hidden="true">✓</span> {justSaved ? t('offline.readyNow') : t('offline.ready')}
        </div>
      ) : phase === 'failed' ? (
        <div className="offline-status" role="status" data-testid="offline-status" data-phase={phase}>
          {t('offline.failed')}
        </div>
      ) : null}
    </div>
  );
}
