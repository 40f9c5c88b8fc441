import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { differsFromLesson, endLesson, resetToLesson, startLesson } from '../app/permalink';
import { LESSON_ITEMS, type LessonGroup, normaliseHidden } from '../state/lesson';
import { useRuntime } from '../state/runtime';
import { VIEWS } from '../state/slices/core';
import { chosenOf, useAppStore } from '../state/store';
import { QrCode } from './QrCode';
import { useCopiedLink } from './ShareLink';

const GROUPS: LessonGroup[] = ['shell', ...VIEWS];

/**
 * The lesson editor: the teacher ticks what students see (whole views,
 * panels, controls), and gets a link that opens exactly that, with the
 * current prompt, model and settings. Like TensorFlow Playground's hidden
 * controls, but for every view. Opened from the header menu (HeaderMenu).
 */
export function LessonEditor({
  open,
  onOpenChange,
  returnFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocus: () => void;
}) {
  const { t } = useTranslation();
  const ui = useAppStore((s) => s.ui);
  const update = useAppStore((s) => s.update);
  const lesson = useRuntime((s) => s.lesson);
  const [hidden, setHidden] = useState<string[]>(ui.hidden);
  const { link, copied, copy, clear } = useCopiedLink();

  // Each time it opens, the editor starts from the page's current lesson.
  useEffect(() => {
    if (!open) return;
    setHidden(useAppStore.getState().ui.hidden);
    clear();
  }, [open, clear]);
  const toggle = (id: string, show: boolean) => setHidden((h) => (show ? h.filter((x) => x !== id) : [...h, id]));
  const allViewsHidden = VIEWS.every((v) => hidden.includes(`view.${v}`));

  const make = () => {
    update('ui', { hidden: normaliseHidden(hidden), lesson: true });
    void copy(startLesson());
  };
  const stop = () => {
    endLesson();
    update('ui', { hidden: [], lesson: false });
    setHidden([]);
    clear();
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog lesson-editor"
          data-testid="lesson-editor"
          onCloseAutoFocus={(e) => {
            // The button that opened it sits in the header menu, closed by now: focus goes back to that menu.
            e.preventDefault();
            returnFocus();
          }}
        >
          <Dialog.Title>{t('lesson.title')}</Dialog.Title>
          <Dialog.Description className="muted">{t('lesson.description')}</Dialog.Description>
          <div className="lesson-groups">
            {GROUPS.map((g) => {
              const viewHidden = g !== 'shell' && hidden.includes(`view.${g}`);
              return (
                <fieldset key={g} className="lesson-group" data-group={g}>
                  <legend>{t(`lesson.group.${g}`)}</legend>
                  {LESSON_ITEMS.filter((i) => i.group === g).map((i) => {
                    const shown = !hidden.includes(i.id);
                    const disabled = i.kind !== 'view' && viewHidden;
                    return (
                      <label key={i.id} className={`field inline lesson-item lesson-${i.kind}`}>
                        <input
                          type="checkbox"
                          data-testid={`lesson-item-${i.id}`}
                          checked={shown && !disabled}
                          disabled={disabled}
                          onChange={(e) => toggle(i.id, e.target.checked)}
                        />
                        <span>{t(`lesson.item.${i.id}`)}</span>
                      </label>
                    );
                  })}
                </fieldset>
              );
            })}
          </div>
          {allViewsHidden ? (
            <p className="notice" role="status">
              {t('lesson.noViews')}
            </p>
          ) : null}
          <div className="lesson-actions">
            <button type="button" className="primary" data-testid="lesson-make" disabled={allViewsHidden} onClick={make}>
              {lesson ? t('lesson.update') : t('lesson.create')}
            </button>
            {lesson ? (
              <button type="button" data-testid="lesson-stop" onClick={stop}>
                {t('lesson.stop')}
              </button>
            ) : null}
            <Dialog.Close asChild>
              <button type="button">{t('lesson.close')}</button>
            </Dialog.Close>
          </div>
          {link ? (
            <div className="lesson-link" role="status">
              <label className="field">
                <span>{copied ? t('lesson.copied') : t('link.copyManually')}</span>
                <input data-testid="lesson-url" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
              </label>
              <p className="muted small">{t('lesson.howItWorks')}</p>
              <QrCode text={link} label={t('link.qr')} size={180} />
            </div>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** What students see in a lesson: that it is one, and a way back to it as prepared. */
export function LessonBar() {
  const { t } = useTranslation();
  const lesson = useRuntime((s) => s.lesson);
  const changed = useAppStore((s) => lesson !== null && differsFromLesson(chosenOf(s), lesson));
  const hiddenCount = useAppStore((s) => s.ui.hidden.length);
  if (!lesson) return null;
  return (
    <section className="lesson-bar" aria-label={t('lesson.barLabel')} data-testid="lesson-bar" data-changed={changed}>
      <span>{hiddenCount > 0 ? t('lesson.bar', { count: hiddenCount }) : t('lesson.barAll')}</span>
      <button type="button" className="primary" data-testid="lesson-reset" disabled={!changed} onClick={resetToLesson}>
        {t('lesson.reset')}
      </button>
      {changed ? <span className="small">{t('lesson.changed')}</span> : <span className="small muted">{t('lesson.asPrepared')}</span>}
    </section>
  );
}
