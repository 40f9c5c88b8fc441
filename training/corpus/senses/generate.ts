/**
 * Documents for the polysemous preset words: 1–4 sentences of one sense,
 * mixing sentences with the word (templates) and sentences of the same scene
 * without it (topic), in any order, so the cue for the sense may come before
 * the word, after it, in the same sentence or a sentence away.
 */
import { Grammar, sentence } from '../grammar';
import { BANK } from './bank';
import { BAT, CRANE, SEAL, SPRING } from './others';
import { SHARED } from './shared';
import type { SenseDef, SenseWordDef } from './types';

export const SENSE_WORDS: SenseWordDef[] = [BANK, BAT, SEAL, CRANE, SPRING];

export function senseDocument(sense: SenseDef, rand: () => number): string {
  const g = new Grammar({ ...SHARED, ...sense.lexicon }, rand);
  const parts = [sentence(g.expand(g.pick(sense.templates)))];
  const extra = Math.floor(rand() * 4); // 0–3 more sentences
  for (let i = 0; i < extra; i++) {
    const s = sentence(g.expand(g.pick(rand() < 0.6 ? sense.topic : sense.templates)));
    if (rand() < 0.5) parts.unshift(s);
    else parts.push(s);
  }
  return parts.join(' ');
}
