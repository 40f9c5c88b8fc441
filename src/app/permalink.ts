/**
 * Keeps the URL hash and the store in step: the hash is read once at start
 * (and on back/forward), and rewritten — debounced — whenever the chosen state
 * changes. Distinct steps (another view, another model) push a history entry so
 * Back returns to them; everything else replaces the current entry.
 *
 * A lesson link (ui.lesson) is the exception: while a lesson is open the
 * address bar keeps the lesson, so a reload or a re-opened link always brings
 * back what the teacher prepared; "Copy link" still copies the current state,
 * and "Reset to lesson" returns to the lesson.
 */
import { type DecodeProblem, decode, encode, hashFromStateText, stateTextFromHash } from '../state/codec';
import { useRuntime } from '../state/runtime';
import { chosenOf, useAppStore } from '../state/store';

const DEBOUNCE_MS = 300;

function readHash(): DecodeProblem[] {
  const text = stateTextFromHash(window.location.hash);
  if (text == null) {
    useRuntime.setState({ lesson: null });
    return [];
  }
  const d = decode(text);
  useAppStore.getState().replace(d.state);
  useRuntime.setState({ lesson: d.state.ui.lesson ? encode(d.state) : null });
  return d.problems;
}

/** Makes the current state the lesson (the teacher's "Make lesson link"), and puts it in the address bar. */
export function startLesson(): string {
  const text = encode(chosenOf(useAppStore.getState()));
  useRuntime.setState({ lesson: text });
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hashFromStateText(text)}`);
  return currentLink();
}

/** Leaves lesson mode: from now on the address bar follows the state again. */
export function endLesson(): void {
  useRuntime.setState({ lesson: null });
}

/** Returns to the lesson as it was prepared. */
export function resetToLesson(): void {
  const text = useRuntime.getState().lesson;
  if (text) useAppStore.getState().replace(decode(text).state);
}

/** The shareable URL of the current state (without machine-specific query parameters such as ?backend). */
export function currentLink(): string {
  const { origin, pathname } = window.location;
  return `${origin}${pathname}${hashFromStateText(encode(chosenOf(useAppStore.getState())))}`;
}

export function startPermalinkSync(): void {
  useRuntime.setState({ linkProblems: readHash() });
  let last = encode(chosenOf(useAppStore.getState()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let push = false;
  let applying = false;

  const write = () => {
    timer = undefined;
    if (useRuntime.getState().lesson) return;
    const text = encode(chosenOf(useAppStore.getState()));
    if (text === last) return;
    last = text;
    const url = `${window.location.pathname}${window.location.search}${hashFromStateText(text)}`;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    push = false;
  };

  useAppStore.subscribe((s, prev) => {
    if (applying) return;
    if (s.view.current !== prev.view.current || s.model.id !== prev.model.id) push = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, DEBOUNCE_MS);
  });

  window.addEventListener('popstate', () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    applying = true;
    try {
      useRuntime.setState({ linkProblems: readHash() });
    } finally {
      applying = false;
    }
    last = encode(chosenOf(useAppStore.getState()));
  });
}
