/**
 * Lesson links: the panels and controls a teacher can hide from students
 * (like TensorFlow Playground's hidden controls). The ids are what
 * `ui.hidden` carries in a link; the lesson editor lists them by group, and
 * every hideable part of the page asks `isShown` before it renders.
 */
import { VIEWS, type ViewId } from './slices/core';

export type LessonGroup = 'shell' | ViewId;

export interface LessonItem {
  id: string;
  group: LessonGroup;
  /** A whole view (its tab), a panel of a view, or a control of the shell. */
  kind: 'view' | 'panel' | 'control';
}

const item = (id: string, group: LessonGroup, kind: LessonItem['kind']): LessonItem => ({ id, group, kind });

export const LESSON_ITEMS: readonly LessonItem[] = [
  item('shell.model', 'shell', 'control'),
  item('shell.prompt', 'shell', 'control'),
  item('shell.tokens', 'shell', 'panel'),
  item('shell.share', 'shell', 'control'),
  ...VIEWS.map((v) => item(`view.${v}`, v, 'view')),
  item('attention.grid', 'attention', 'panel'),
  item('attention.explain', 'attention', 'panel'),
  item('attention.head', 'attention', 'panel'),
  item('attention.ablation', 'attention', 'panel'),
  item('drift.intro', 'drift', 'panel'),
  item('drift.setup', 'drift', 'panel'),
  item('drift.controls', 'drift', 'control'),
  item('drift.models', 'drift', 'panel'),
  item('drift.explain', 'drift', 'panel'),
  item('sampling.explain', 'sampling', 'panel'),
  item('sampling.controls', 'sampling', 'control'),
  item('sampling.text', 'sampling', 'panel'),
  item('sampling.chart', 'sampling', 'panel'),
  item('sampling.entropy', 'sampling', 'panel'),
  item('prompting.intro', 'prompting', 'panel'),
  item('prompting.controls', 'prompting', 'control'),
  item('prompting.lanes', 'prompting', 'panel'),
  item('prompting.batch', 'prompting', 'panel'),
  item('training.setup', 'training', 'control'),
  item('training.run', 'training', 'panel'),
  item('training.loss', 'training', 'panel'),
  item('training.heads', 'training', 'panel'),
  item('training.samples', 'training', 'panel'),
  item('training.models', 'training', 'panel'),
];

export const LESSON_IDS: ReadonlySet<string> = new Set(LESSON_ITEMS.map((i) => i.id));

export function isShown(hidden: readonly string[], id: string): boolean {
  return !hidden.includes(id);
}

/** The views whose tabs a lesson shows, in tab order; never empty (a lesson hiding every view shows the first). */
export function visibleViews(hidden: readonly string[]): ViewId[] {
  const shown = VIEWS.filter((v) => isShown(hidden, `view.${v}`));
  return shown.length ? shown : [VIEWS[0]];
}

/** The view to show: the chosen one when a lesson shows it, else the first view it shows. */
export function shownView(hidden: readonly string[], current: ViewId): ViewId {
  const views = visibleViews(hidden);
  return views.includes(current) ? current : (views[0] as ViewId);
}

/** Only known ids, each once, in registry order (what the editor writes into a link). */
export function normaliseHidden(hidden: readonly string[]): string[] {
  return LESSON_ITEMS.map((i) => i.id).filter((id) => hidden.includes(id));
}
