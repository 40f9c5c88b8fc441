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
import { type Chosen, chosenOf, useAppStore } from '../state/store';

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

/** Returns to the lesson as it was prepared (in the language the student reads now). */
export function resetToLesson(): void {
  const text = useRuntime.getState().lesson;
  if (!text) return;
  const { state } = decode(text);
  useAppStore.getState().replace({ ...state, ui: { ...state.ui, lang: useAppStore.getState().ui.lang } });
}

/** The language a lesson's link text is in, decoded once per lesson (the lesson bar asks on every state change). */
let lessonLang: { lesson: string; lang: Chosen['ui']['lang'] } | null = null;
function langOfLesson(lesson: string): Chosen['ui']['lang'] {
  if (lessonLang?.lesson !== lesson) lessonLang = { lesson, lang: decode(lesson).state.ui.lang };
  return lessonLang.lang;
}

/** Whether the state differs from the lesson in anything but the language (a reader's own choice). */
export function differsFromLesson(state: Chosen, lesson: string): boolean {
  return encode({ ...state, ui: { ...state.ui, lang: langOfLesson(lesson) } }) !== lesson;
}

/** The lesson follows the reader's language, so a reload keeps it; everything else stays as prepared. */
function lessonInLanguage(lesson: string, lang: Chosen['ui']['lang']): string {
  if (langOfLesson(lesson) === lang) return lesson;
  const { state } = decode(lesson);
  return encode({ ...state, ui: { ...state.ui, lang } });
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
    const lesson = useRuntime.getState().lesson;
    if (lesson) {
      const next = lessonInLanguage(lesson, useAppStore.getState().ui.lang);
      if (next !== lesson) {
        useRuntime.setState({ lesson: next });
        window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hashFromStateText(next)}`);
      }
      return;
    }
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
