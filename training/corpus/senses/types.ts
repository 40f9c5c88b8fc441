/** The shape of a polysemous preset word and its sense generators. */
import type { Lexicon } from '../grammar';

export interface SenseDef {
  label: string;
  gloss: string;
  /**
   * Words that signal this sense in a real sentence: used to label real
   * sentences (keyword-assisted, then read by hand) and to decide whether a
   * sentence's cue comes before the word (`cueBefore`). Never used to train.
   */
  keywords: string[];
  /** Lexicon entries this sense's templates use (merged with the shared ones). */
  lexicon: Lexicon;
  /** Sentences that contain the word in this sense. */
  templates: string[];
  /** Sentences of the same scene without the word: documents mix them in, so the cue may be a sentence away. */
  topic: string[];
}

export interface SenseWordDef {
  word: string;
  senses: [SenseDef, SenseDef];
}
