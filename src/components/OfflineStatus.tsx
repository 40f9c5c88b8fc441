import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyUpdate, progressFraction, useOffline } from '../app/offline';

/** How long the "works offline" note stays before it gets out of the way (ms). */
const READY_SHOWN_MS = 10_000;

/**
 * Bottom-right dock: the "new version ready — Reload" notice and a small
 * offline status (saving on the first visit, then ready for a few seconds).
 * Renders nothing where no service worker runs (development, tests that
 * block it).
 */
export function OfflineStatus() {
  const { t } = useTranslation();
  const { phase, progress, updateReady, justSaved } = useOffline();
  const [readyHidden, setReadyHidden] = useState(false);
  const [later, setLater] = useState(false);
  useEffect(() => {
    if (phase !== 'ready') return;
    setReadyHidden(false);
    const timer = setTimeout(() => setReadyHidden(true), READY_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [phase]);
  const percent = Math.round(100 * progressFraction(progress));
  const showUpdate = updateReady && !later;
  const showStatus = phase === 'saving' || phase === 'failed' || (phase === 'ready' && !readyHidden);
  if (!showUpdate && !showStatus) return null;
  return (
    <div className="offline-dock">
      {showUpdate ? (
        <div className="update-notice" role="status" data-testid="update-notice">
          <span>{t('offline.update')}</span>
          <button type="button" data-testid="update-reload" title={t('offline.reloadTitle')} onClick={() => void applyUpdate()}>
            {t('offline.reload')}
          </button>
          <button
            type="button"
            className="link-button"
            data-testid="update-later"
            title={t('offline.laterTitle')}
            onClick={() => setLater(true)}
          >
            {t('offline.later')}
          </button>
        </div>
      ) : null}
      {phase === 'saving' ? (
        <div className="offline-status" role="status" data-testid="offline-status" data-phase={phase}>
          <span>{progress ? t('offline.saving', { percent }) : t('offline.savingStart')}</span>
          {progress ? <progress max={100} value={percent} aria-label={t('offline.savingLabel')} /> : null}
        </div>
      ) : phase === 'ready' && !readyHidden ? (
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
