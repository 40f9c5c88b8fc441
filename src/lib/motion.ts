/**
 * `prefers-reduced-motion`: the one place JavaScript asks whether it may animate. With reduced motion the
 * app updates instantly (no animated transitions, no smooth scrolling, nothing moves unless the user
 * presses play). CSS honours the same setting with a media query at the end of styles.css.
 */
export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

export function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(REDUCED_MOTION_QUERY).matches;
}

/** A duration in ms, or 0 when the user asked for reduced motion. */
export function motionMs(ms: number): number {
  return prefersReducedMotion() ? 0 : ms;
}
