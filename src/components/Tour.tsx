import * as Dialog from '@radix-ui/react-dialog';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { prefersReducedMotion } from '../lib/motion';
import { visibleViews } from '../state/lesson';
import type { ViewId } from '../state/slices/core';
import { useAppStore } from '../state/store';

/**
 * A short guided tour through the four views: each step switches to its view, rings one part of the page and
 * explains it in a few sentences (shell locale files, `tour.*`). Built on the Radix dialog we already use, so
 * focus moves into the card, Escape ends it and focus returns afterwards. Shown once on a first visit to the
 * plain app (never when opened from a shared link: a teacher's lesson opens as prepared); the Tour button
 * restarts it. When it ends the view the user was on comes back.
 */
export const TOUR_SEEN_KEY = 'tp.tourSeen';

interface TourStep {
  id: string;
  view: ViewId;
  /** CSS selector of the part to point at; the first one on the page wins. */
  target: string;
  /** Scroll this to the top of the window, so the view under the tab is in sight (else the target, nearest). */
  scrollTop?: string;
  /** The step explains its view: a lesson that hides that view drops the step. */
  explainsView?: true;
}

export const TOUR_STEPS: readonly TourStep[] = [
  { id: 'welcome', view: 'attention', target: '[data-testid="prompt-input"]' },
  { id: 'attention', view: 'attention', target: '[data-testid="tab-attention"]', scrollTop: '.views', explainsView: true },
  { id: 'drift', view: 'drift', target: '[data-testid="tab-drift"]', scrollTop: '.views', explainsView: true },
  { id: 'sampling', view: 'sampling', target: '[data-testid="tab-sampling"]', scrollTop: '.views', explainsView: true },
  { id: 'prompting', view: 'prompting', target: '[data-testid="tab-prompting"]', scrollTop: '.views', explainsView: true },
  { id: 'end', view: 'prompting', target: '[data-testid="tab-training"]' },
];

/** The steps a page shows: inside a lesson, only those about views the lesson shows (the welcome and the end stay). */
export function tourSteps(views: readonly ViewId[]): readonly TourStep[] {
  return TOUR_STEPS.filter((s) => !s.explainsView || views.includes(s.view));
}

// Read before the permalink sync rewrites the address: was the page opened from a shared link?
const OPENED_FROM_LINK = typeof window !== 'undefined' && window.location.hash.length > 1;

function seen(): boolean {
  try {
    return window.localStorage.getItem(TOUR_SEEN_KEY) === '1';
  } catch {
    return true; // storage blocked: never nag
  }
}

function markSeen(): void {
  try {
    window.localStorage.setItem(TOUR_SEEN_KEY, '1');
  } catch {
    // storage blocked: the tour simply may show again
  }
}

/** Tour state for the shell: starts itself on a first visit; `start` restarts it (the header button). */
export function useTour() {
  const [step, setStep] = useState<number | null>(null);
  const before = useRef<{ view: ViewId; focus: HTMLElement | null } | null>(null);
  const start = useCallback(() => {
    markSeen();
    const active = document.activeElement;
    before.current = {
      view: useAppStore.getState().view.current,
      focus: active instanceof HTMLElement && active !== document.body ? active : null,
    };
    setStep(0);
  }, []);
  const end = useCallback(() => {
    setStep(null);
    const prev = before.current;
    if (prev) useAppStore.getState().update('view', { current: prev.view });
  }, []);
  useEffect(() => {
    if (!OPENED_FROM_LINK && !seen()) start();
  }, [start]);
  return { step, setStep, start, end, returnFocus: () => before.current?.focus ?? null };
}

interface Placement {
  top: number;
  left: number;
}

const GAP = 12;

function place(target: Element | null, card: HTMLElement | null): Placement {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const w = card?.offsetWidth ?? 360;
  const h = card?.offsetHeight ?? 200;
  if (!target) return { top: Math.max(GAP, (vh - h) / 2), left: Math.max(GAP, (vw - w) / 2) };
  const r = target.getBoundingClientRect();
  const below = r.bottom + GAP;
  const top = below + h <= vh - GAP ? below : r.top - GAP - h >= GAP ? r.top - GAP - h : vh - h - GAP;
  const left = Math.min(Math.max(GAP, r.left), Math.max(GAP, vw - w - GAP));
  return { top: Math.max(GAP, top), left };
}

export function Tour({
  step,
  setStep,
  end,
  returnFocus,
}: {
  step: number | null;
  setStep: (s: number) => void;
  end: () => void;
  returnFocus: () => HTMLElement | null;
}) {
  const { t } = useTranslation();
  const update = useAppStore((s) => s.update);
  const card = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<Placement | null>(null);
  const hidden = useAppStore((s) => s.ui.hidden);
  const views = useMemo(() => visibleViews(hidden), [hidden]);
  const steps = useMemo(() => tourSteps(views), [views]);
  const current = step === null ? null : (steps[step] ?? null);

  // Switch to the step's view (when the lesson shows it), ring its target and keep the card next to it.
  useEffect(() => {
    if (!current || !views.includes(current.view)) return;
    update('view', { current: current.view });
  }, [current, views, update]);
  useLayoutEffect(() => {
    if (!current) return;
    let target: Element | null = null;
    const reposition = () => setPos(place(target, card.current));
    const find = () => {
      target?.classList.remove('tour-target');
      target = document.querySelector(current.target);
      target?.classList.add('tour-target');
      const behavior = prefersReducedMotion() ? 'auto' : 'smooth';
      const top = current.scrollTop ? document.querySelector(current.scrollTop) : null;
      if (top) top.scrollIntoView({ block: 'start', behavior });
      else target?.scrollIntoView({ block: 'nearest', behavior });
      reposition();
    };
    find();
    // The view switch and the card's own size settle a frame later.
    const raf = requestAnimationFrame(find);
    window.addEventListener('resize', reposition);
    window.addEventListener('scroll', reposition, true);
    return () => {
      cancelAnimationFrame(raf);
      window.removeEventListener('resize', reposition);
      window.removeEventListener('scroll', reposition, true);
      target?.classList.remove('tour-target');
    };
  }, [current]);

  if (step === null || !current) return null;
  const n = steps.length;
  const last = step === n - 1;
  return (
    <Dialog.Root open onOpenChange={(open) => !open && end()}>
      <Dialog.Portal>
        <Dialog.Content
          ref={card}
          className="tour-card"
          data-testid="tour"
          data-step={current.id}
          style={pos ? { top: pos.top, left: pos.left } : { visibility: 'hidden' }}
          onCloseAutoFocus={(e) => {
            const el = returnFocus();
            if (el?.isConnected) {
              e.preventDefault();
              el.focus();
            }
          }}
          onPointerDownOutside={(e) => e.preventDefault()}
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            card.current?.querySelector<HTMLButtonElement>('[data-testid="tour-next"]')?.focus();
          }}
        >
          <p className="tour-progress" data-testid="tour-progress">
            {t('tour.progress', { k: step + 1, n })}
          </p>
          <Dialog.Title className="tour-title">{t(`tour.steps.${current.id}.title`)}</Dialog.Title>
          <Dialog.Description className="tour-text">{t(`tour.steps.${current.id}.text`)}</Dialog.Description>
          <div className="tour-actions">
            <Dialog.Close asChild>
              <button type="button" className="link-button tour-skip" data-testid="tour-skip">
                {t('tour.skip')}
              </button>
            </Dialog.Close>
            <span className="tour-nav">
              <button type="button" data-testid="tour-back" disabled={step === 0} onClick={() => setStep(step - 1)}>
                {t('tour.back')}
              </button>
              {last ? (
                <button type="button" className="primary" data-testid="tour-done" onClick={end}>
                  {t('tour.done')}
                </button>
              ) : (
                <button type="button" className="primary" data-testid="tour-next" onClick={() => setStep(step + 1)}>
                  {t('tour.next')}
                </button>
              )}
            </span>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
