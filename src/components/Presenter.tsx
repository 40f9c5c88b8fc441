import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewId } from '../state/slices/core';

const SHORTCUTS = ['p', '?', 't', '1', '2', '3', '4', '5', 'Escape'] as const;

function typingTarget(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/**
 * Presenter mode (large type, high contrast, secondary controls hidden) and the keyboard-shortcut list.
 * Shortcuts: p toggles presenter mode, ? shows the list, t starts the tour, 1–5 switch views (the ones a lesson shows, in tab order), Escape closes the list.
 */
export function usePresenter(onView: (index: number) => void, onTour: () => void) {
  const [presenter, setPresenter] = useState(false);
  const [help, setHelp] = useState(false);
  const onViewRef = useRef(onView);
  onViewRef.current = onView;
  const onTourRef = useRef(onTour);
  onTourRef.current = onTour;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingTarget(e)) return;
      if (e.key === 'p' || e.key === 'P') setPresenter((v) => !v);
      else if (e.key === '?') setHelp((v) => !v);
      else if (e.key === 't' || e.key === 'T') {
        setHelp(false);
        onTourRef.current();
      } else if (e.key === 'Escape') setHelp(false);
      else if (/^[1-5]$/.test(e.key)) onViewRef.current(Number(e.key) - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    document.documentElement.classList.toggle('presenter', presenter);
  }, [presenter]);
  return { presenter, setPresenter, help, setHelp };
}

export function PresenterToggle({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" data-testid="presenter-toggle" aria-pressed={on} onClick={onToggle}>
      {on ? t('presenter.exit') : t('presenter.enter')}
    </button>
  );
}

export function ShortcutHelp({ open, views, onClose }: { open: boolean; views: readonly ViewId[]; onClose: () => void }) {
  const { t } = useTranslation();
  if (!open) return null;
  return (
    <div className="shortcut-help" role="dialog" aria-modal="false" aria-labelledby="shortcut-title" data-testid="shortcut-help">
      <h2 id="shortcut-title">{t('presenter.shortcuts')}</h2>
      <dl>
        {SHORTCUTS.map((k) => {
          const view = /^[1-5]$/.test(k) ? views[Number(k) - 1] : undefined;
          if (/^[1-5]$/.test(k) && !view) return null;
          return (
            <div key={k}>
              <dt>
                <kbd>{k === 'Escape' ? 'Esc' : k}</kbd>
              </dt>
              <dd>{view ? t('presenter.key.view', { view: t(`views.${view}`) }) : t(`presenter.key.${k === '?' ? 'help' : k}`)}</dd>
            </div>
          );
        })}
      </dl>
      <button type="button" className="link-button" onClick={onClose}>
        {t('backend.dismiss')}
      </button>
    </div>
  );
}
