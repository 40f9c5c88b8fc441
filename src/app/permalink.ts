/**
 * Keeps the URL hash and the store in step: the hash is read once at start
 * (and on back/forward), and rewritten — debounced — whenever the chosen state
 * changes. Distinct steps (another view, another model) push a history entry so
 * Back returns to them; everything else replaces the current entry.
 */
import { type DecodeProblem, decode, encode, hashFromStateText, stateTextFromHash } from '../state/codec';
import { useRuntime } from '../state/runtime';
import { chosenOf, useAppStore } from '../state/store';

const DEBOUNCE_MS = 300;

function readHash(): DecodeProblem[] {
  const text = stateTextFromHash(window.location.hash);
  if (text == null) return [];
  const d = decode(text);
  useAppStore.getState().replace(d.state);
  return d.problems;
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
