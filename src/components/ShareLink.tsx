import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLink } from '../app/permalink';
import type { DecodeProblem } from '../state/codec';
import { useRuntime } from '../state/runtime';
import { QrCode } from './QrCode';

/** A link to show and copy: `copied` says whether the clipboard took it (it can be unavailable), so the page can ask to copy by hand. */
export function useCopiedLink() {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async (url: string) => {
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const clear = useCallback(() => setLink(null), []);
  return { link, copied, copy, clear };
}

/** "Copy link": the whole chosen state in a URL, copied to the clipboard and shown. */
export function CopyLink() {
  const { t } = useTranslation();
  const { link, copied, copy, clear } = useCopiedLink();
  return (
    <div className="copy-link">
      <button type="button" data-testid="copy-link" onClick={() => void copy(currentLink())}>
        {t('link.copy')}
      </button>
      {link ? (
        <div className="link-popover" role="status">
          <label>
            <span>{copied ? t('link.copied') : t('link.copyManually')}</span>
            <input data-testid="link-url" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <p className="muted small">{t('link.length', { n: link.length })}</p>
          <QrCode text={link} label={t('link.qr')} />
          <button type="button" className="link-button" onClick={clear}>
            {t('backend.dismiss')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function problemText(p: DecodeProblem, t: (k: string, o?: Record<string, unknown>) => string): string {
  switch (p.kind) {
    case 'format':
      return t('link.format');
    case 'damaged':
      return t('link.damaged');
    case 'newer':
      return t('link.newer', { version: p.version });
    case 'ignored':
      return t('link.ignored', { path: p.path });
  }
}

/** Says what a link could not carry over; the page opens with the valid part. */
export function LinkNotice() {
  const { t } = useTranslation();
  const problems = useRuntime((s) => s.linkProblems);
  if (problems.length === 0) return null;
  return (
    <div className="notice" role="status" data-testid="link-notice">
      <strong>{t('link.partial')}</strong>
      <ul>
        {problems.slice(0, 8).map((p, i) => (
          <li key={i}>{problemText(p, t)}</li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={() => useRuntime.setState({ linkProblems: [] })}>
        {t('backend.dismiss')}
      </button>
    </div>
  );
}
