import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRuntime } from '../state/runtime';
import { LessonEditor } from './Lesson';
import { Menu } from './Menu';

/**
 * The header's less used actions in one menu — keyboard shortcuts, the guided tour, the lesson editor (and, on a
 * phone, presenter mode) — so the header fits on one row from 1280 px. Each keeps its test id, its label and its
 * key (?, t, p).
 */
export function HeaderMenu({
  onHelp,
  onTour,
  presenter,
  onPresenter,
}: {
  onHelp: () => void;
  onTour: () => void;
  presenter: boolean;
  onPresenter: () => void;
}) {
  const { t } = useTranslation();
  const lesson = useRuntime((s) => s.lesson);
  const [editor, setEditor] = useState(false);
  const root = useRef<HTMLSpanElement>(null);
  const focusMenu = () => root.current?.querySelector<HTMLElement>('[data-testid="more-menu"]')?.focus();
  return (
    <span ref={root} className="header-menu">
      <Menu testId="more-menu" label={t('menu.more')} className="menu-end">
        {(close) => (
          <>
            <button
              type="button"
              data-testid="shortcut-button"
              aria-keyshortcuts="?"
              onClick={() => {
                close();
                onHelp();
              }}
            >
              <span className="menu-item-label">{t('presenter.shortcuts')}</span>
              <span className="menu-key" aria-hidden="true">
                <kbd>?</kbd>
              </span>
            </button>
            <button
              type="button"
              data-testid="tour-button"
              aria-keyshortcuts="t"
              onClick={() => {
                // Focus is back on the menu button first: the tour returns it there when it ends.
                close();
                onTour();
              }}
            >
              <span className="menu-item-label">{t('tour.button')}</span>
              <span className="menu-key" aria-hidden="true">
                <kbd>t</kbd>
              </span>
            </button>
            {/* On a phone the header has no room for the presenter button: it is here instead (CSS shows one of the two). */}
            <button
              type="button"
              className="menu-narrow-only"
              data-testid="presenter-menu-item"
              aria-pressed={presenter}
              aria-keyshortcuts="p"
              onClick={() => {
                close();
                onPresenter();
              }}
            >
              <span className="menu-item-label">{presenter ? t('presenter.exit') : t('presenter.enter')}</span>
              <span className="menu-key" aria-hidden="true">
                <kbd>p</kbd>
              </span>
            </button>
            <button
              type="button"
              data-testid="lesson-button"
              onClick={() => {
                close();
                setEditor(true);
              }}
            >
              <span className="menu-item-label">{lesson ? t('lesson.edit') : t('lesson.make')}</span>
            </button>
          </>
        )}
      </Menu>
      <LessonEditor open={editor} onOpenChange={setEditor} returnFocus={focusMenu} />
    </span>
  );
}
