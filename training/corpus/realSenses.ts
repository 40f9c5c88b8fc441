/**
 * Sense labels for real (Brown, WordNet) sentences that contain a preset word.
 * Method: keyword-assisted — each sense lists cue words; a sentence gets the
 * sense whose cue words it contains more of (ties and sentences without cues
 * are left out) — then every sentence was read and the labels corrected in
 * REVIEW below (text prefix → sense label, or null to drop).
 * cueBefore: a cue word of the labelled sense occurs before the target word.
 */
import { normalize, preTokenize } from '../../src/model/tokenizer';
import type { WordDef } from './polysemy';

export interface PolysemySentence {
  text: string;
  sense: string;
  source: 'brown' | 'wordnet' | 'generated';
  cueBefore: boolean;
}

/**
 * Manual labels after reading every real sentence of each word: normalised
 * sentence prefix → sense label, or null to leave the sentence out (place
 * names like "Red Bank" or "West Bank", verbs like "bank the aircraft",
 * other senses like "blood bank", "cloud bank", "spring" the season).
 * A sentence not listed keeps its keyword label (or stays out if it has none).
 */
export const REVIEW: Record<string, [string, string | null][]> = {
  bank: [
    ['at the end of the calculated time', null],
    ['on the morning of november 17th', null],
    ['arafat was holed up', null],
    ['the red cross created a blood bank', null],
    ['they set up a food bank', null],
    ['but e.g.t. could not let the swiss bank', 'finance'],
    ['i visited the bank in march', 'finance'],
    ['at that time, the people at the bank', 'finance'],
    ['having a boat financed through a local bank', 'finance'],
    ["this method of countin'", 'finance'],
    ['in purchasing louisiana', 'finance'],
    ['the bank of wisconsin sent', 'finance'],
    ['through the world bank', 'finance'],
    ['in 1927 his father', 'finance'],
    ['in june, the office of foreign and domestic commerce', 'finance'],
    ['grabbing his winchester', 'river'],
    ['the next step was construction by the manchester light', 'river'],
    ['it stood some fifty paces from the edge of the bank', 'river'],
    ['an officer with a squad of men', 'river'],
    ['he turned slowly and began to crawl back up the bank', 'river'],
    ['watson stumbled down the bank', 'river'],
    ['watson supported the man', 'river'],
    ['madden, with his investigation', 'finance'],
    ['"just as soon as i go to the bank', 'finance'],
    ['"jed\'s homestead is on the south bank', 'river'],
    ['she was the daughter and sole heiress', 'finance'],
    ['the reconciliation of his checkbook', 'finance'],
    ['the gang pulled off a bank job', 'finance'],
    ['the bank is on the corner', 'finance'],
    ['i wish my bank statement', 'finance'],
    ['they were investigating a series of bank robberies', 'finance'],
    ['a rash of bank robberies', 'finance'],
    ['i had to co-sign his note', 'finance'],
    ['the opera tour was subvented', 'finance'],
    ['this man killed several people', 'finance'],
    ['we disguised our faces', 'finance'],
    ['she has $1,000 in the bank', 'finance'],
    ['the bank offers a good deal', 'finance'],
    ['the bank is solid', 'finance'],
    ['only a little earthy bank', 'river'],
    ["she was severely affected by the bank's failure", 'finance'],
    ["technically, a bank's reserves", 'finance'],
    ['how sweet the moonlight sleeps', 'river'],
    ['he paused worriedly before calling the bank', 'finance'],
  ],
  bat: [
    ['bat the ball', null],
    ['in the last of the sixth inning mike deegan got up to bat', null],
    ['the game started again and in the eighth inning', null],
  ],
  seal: [
    ['seal is an acronym', null],
    ['seal the letter', null],
  ],
  spring: [
    ['the annual spring meeting', null],
    ['in the early spring of 1913', null],
    ['if the administration does not succeed', null],
    ['hansen will be getting a late spring', null],
    ['many hours of spring cleaning', null],
    ['spring used a brush', null],
    ['the recovery will probably be sparked', null],
    ['it suggests that during the next several months', null],
    ['it may well be that, when rudy pozzatti', null],
    ['meanwhile spring had passed', null],
    ['she would return this symbol', null],
    ['spring rains had raised', null],
  ],
};

export function labelRealSentences(w: WordDef, texts: string[], source: 'brown' | 'wordnet'): PolysemySentence[] {
  const out: PolysemySentence[] = [];
  const review = REVIEW[w.word] ?? [];
  for (const text of texts) {
    const words = preTokenize(normalize(text)).map((p) => p.text);
    const at = words.indexOf(w.word);
    if (at < 0) continue;
    const scores = w.senses.map((s) => words.filter((x, i) => i !== at && s.keywords.includes(x)).length);
    let label: string | null = null;
    const [a, b] = scores as [number, number];
    if (a > b) label = w.senses[0].label;
    else if (b > a) label = w.senses[1].label;
    const norm = normalize(text);
    for (const [prefix, l] of review) if (norm.startsWith(prefix)) label = l;
    if (label === null) continue;
    const sense = w.senses.find((s) => s.label === label);
    if (!sense) continue;
    const cueBefore = words.slice(0, at).some((x) => sense.keywords.includes(x));
    out.push({ text, sense: label, source, cueBefore });
  }
  return out;
}
