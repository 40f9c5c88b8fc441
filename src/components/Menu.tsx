import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import './menu.css';

export interface MenuProps {
  /** What the button shows (a ▾ is added). */
  label: ReactNode;
  /** Accessible name of the button when it differs from its text (it must contain the text). */
  ariaLabel?: string | undefined;
  testId: string;
  className?: string | undefined;
  disabled?: boolean | undefined;
  /** The items: plain buttons; `close` shuts the menu and gives the focus back to the menu's button. */
  children: (close: () => void) => ReactNode;
}

/**
 * A small disclosure menu: one button that opens a list of actions under it. Keyboard: Enter or Space opens it
 * with the focus on its first item, the arrow keys move between items, Escape closes it and returns to the
 * button, Tab moves on (and closes it when the focus leaves). A click outside closes it. No role="menu": the
 * items are ordinary buttons in the tab order, so screen readers and the keyboard test treat them as such.
 */
export function Menu({ label, ariaLabel, testId, className, disabled, children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const el = root.current;
    // Items a screen size hides (display: none) are skipped.
    const items = () =>
      Array.from(el?.querySelectorAll<HTMLElement>('.menu-pop button:not(:disabled)') ?? []).filter((b) => b.getClientRects().length > 0);
    items()[0]?.focus({ preventScroll: true });
    const outside = (e: PointerEvent) => {
      if (el && !el.contains(e.target as Node)) setOpen(false);
    };
    // Native listeners on the menu's own element: keys pressed in a dialog the menu opened (a React portal) do not reach it.
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
        return;
      }
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const list = items();
      if (list.length === 0) return;
      e.preventDefault();
      const at = list.indexOf(document.activeElement as HTMLElement);
      const next = e.key === 'ArrowDown' ? (at + 1) % list.length : (at - 1 + list.length) % list.length;
      list[next]?.focus();
    };
    const leave = (e: FocusEvent) => {
      if (el && e.relatedTarget instanceof Node && !el.contains(e.relatedTarget)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    el?.addEventListener('keydown', key);
    el?.addEventListener('focusout', leave);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      el?.removeEventListener('keydown', key);
      el?.removeEventListener('focusout', leave);
    };
  }, [open]);

  return (
    <div ref={root} className={['menu', className].filter(Boolean).join(' ')}>
      <button
        ref={button}
        type="button"
        className="menu-button"
        data-testid={testId}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={ariaLabel}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        <span className="menu-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open ? (
        <div className="menu-pop" id={id}>
          {children(close)}
        </div>
      ) : null}
    </div>
  );
}
