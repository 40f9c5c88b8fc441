import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec';
import { LESSON_IDS, LESSON_ITEMS, normaliseHidden, shownView, visibleViews } from './lesson';
import { chosenDefaults } from './slices';
import { VIEWS } from './slices/core';

describe('lesson links', () => {
  it('lists every view once, and ids are unique and fit the link schema', () => {
    expect(LESSON_IDS.size).toBe(LESSON_ITEMS.length);
    for (const v of VIEWS) expect(LESSON_IDS.has(`view.${v}`)).toBe(true);
    for (const id of LESSON_IDS) expect(id.length).toBeLessThanOrEqual(40);
    expect(LESSON_ITEMS.length).toBeLessThanOrEqual(40);
  });

  it('shows the chosen view only when the lesson shows it, else the first shown view', () => {
    expect(visibleViews([])).toEqual([...VIEWS]);
    expect(visibleViews(['view.attention', 'view.drift'])).toEqual(['sampling', 'prompting', 'training']);
    expect(shownView(['view.attention'], 'attention')).toBe('drift');
    expect(shownView(['view.attention'], 'sampling')).toBe('sampling');
    // A lesson that hides every view still shows one.
    expect(visibleViews(VIEWS.map((v) => `view.${v}`))).toEqual(['attention']);
  });

  it('keeps only known ids, once each, in a stable order', () => {
    expect(normaliseHidden(['sampling.entropy', 'bogus', 'view.drift', 'sampling.entropy'])).toEqual(['view.drift', 'sampling.entropy']);
  });

  it('a lesson survives the link round trip', () => {
    const state = structuredClone(chosenDefaults);
    state.ui = { ...state.ui, hidden: ['view.attention', 'shell.model'], lesson: true };
    state.view = { current: 'sampling' };
    const back = decode(encode(state));
    expect(back.problems).toEqual([]);
    expect(back.state.ui).toEqual(state.ui);
    expect(back.state.view.current).toBe('sampling');
  });
});
