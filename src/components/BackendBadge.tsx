import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRuntime } from '../state/runtime';
import './backendBadge.css';

/**
 * Always-visible badge with the backend in use and why it is that one
 * (forced, default, measured fastest here); its "why" opens the measured
 * times of every backend.
 */
export function BackendBadge() {
  const { t } = useTranslation();
  const backend = useRuntime((s) => s.backend);
  const error = useRuntime((s) => s.backendError);
  const choice = useRuntime((s) => s.backendChoice);
  const [open, setOpen] = useState(false);
  const name = backend?.name ?? (error ? '—' : t('backend.starting'));
  const why = choice ? (choice.pending ? t('backend.why.pending', { backend: choice.pending }) : t(`backend.why.${choice.how}`)) : null;
  // The header has one row on a laptop: there the reason is a word (the sentence from 1600 px, and in the tooltip).
  const short = choice
    ? choice.pending
      ? t('backend.whyShort.pending', { backend: choice.pending })
      : t(`backend.whyShort.${choice.how}`)
    : null;
  // Chosen by measurement: the running backend's measured pass beside the reason (every backend's behind the button).
  const mine = choice?.record?.results.find((m) => m.name === backend?.name)?.ms;
  const ms =
    (choice?.how === 'measured' || choice?.how === 'remembered') && typeof mine === 'number'
      ? t('backend.whyMs', { ms: fmtMs(mine) })
      : null;
  return (
    <div
      className={`badge backend-${backend?.name ?? 'none'}`}
      data-testid="backend-badge"
      data-backend={backend?.name ?? ''}
      data-choice={choice?.how ?? ''}
      title={t('backend.title', { adapter: backend?.adapter ? ` (${backend.adapter})` : '' })}
    >
      <span className="badge-label">{t('backend.label')}</span> {name}
      {why ? (
        <button
          type="button"
          className="backend-why"
          data-testid="backend-why"
          aria-expanded={open}
          aria-label={`${t('backend.whyLabel')}: ${why}${ms ? ` (${ms})` : ''}`}
          title={`${why}${ms ? ` (${ms})` : ''}`}
          onClick={() => setOpen((v) => !v)}
        >
          · <span className="backend-why-long">{why}</span>
          <span className="backend-why-short">{short}</span>
          {ms ? <span className="backend-why-ms">{` (${ms})`}</span> : null}
        </button>
      ) : null}
      {open ? <BackendTimes onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

const fmtMs = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

/** The measured times behind the choice, the rule, and how to force a backend. */
function BackendTimes({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const choice = useRuntime((s) => s.backendChoice);
  const r = choice?.record;
  const fmt = fmtMs;
  return (
    <section className="backend-times" data-testid="backend-times" aria-label={t('backend.whyLabel')}>
      {choice?.how === 'forced' ? <p>{t('backend.times.forced')}</p> : null}
      {r ? (
        <>
          <p>{t('backend.times.heading', { tokens: r.tokens, when: new Date(r.at).toLocaleString(i18n.language) })}</p>
          <ul>
            {r.results.map((m) => (
              <li key={m.name} data-testid="backend-time" data-name={m.name} data-ms={m.ms ?? ''} data-winner={m.name === r.winner}>
                {m.ms === null
                  ? t('backend.times.failed', { name: m.name, note: m.note ?? '' })
                  : `${t('backend.times.row', { name: m.name, ms: fmt(m.ms) })}${m.firstMs !== undefined ? ` (${t('backend.times.first', { ms: fmt(m.firstMs) })})` : ''}`}
                {m.software && m.adapter ? ` · ${t('backend.times.software', { adapter: m.adapter })}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : choice?.how === 'default' || choice?.how === 'measuring' ? (
        <p>{t('backend.times.notYet')}</p>
      ) : null}
      <p>{t('backend.times.rule')}</p>
      <button type="button" className="link-button" onClick={onClose}>
        {t('backend.dismiss')}
      </button>
    </section>
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
