/**
 * Sense labels for real (Brown, WordNet) sentences that contain a preset word.
 * Method: keyword-assisted — each sense lists cue words; a sentence gets the
 * sense whose cue words it contains more of (ties and sentences without cues
 * are left out) — then every sentence was read and the labels corrected in
 * REVIEW below (text prefix → sense label, or null to drop).
 * cueBefore: a cue word of the labelled sense occurs before the target word.
 */
import { normalize, preTokenize } from '../../src/model/tokenizer';
import type { SenseWordDef } from './senses/types';

export interface PolysemySentence {
  text: string;
  sense: string;
  source: 'brown' | 'wordnet' | 'classroom';
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
    ['in 1846 matthew b. goodwin', 'finance'],
    ['in the ballroom below', null],
    ['the plane went into a steep bank', null],
    ['from the man who had leaped in from the high bank', null],
    ['two millions were added', 'finance'],
  ],
  bat: [
    ['the giants who had been anemic', 'baseball'],
    ['and (4) catcher johnny blanchard', null],
    ["they don't expect to stop him", 'baseball'],
    ["' it's just a bat", 'animal'],
    ['place a piece of plaster', null],
    ['boys no longer bothered', 'baseball'],
    ["i'll go to bat", null],
    ['he was at bat', null],
    ['bat one', null],
    ['bat the ball', null],
    ['in the last of the sixth inning mike deegan got up to bat', null],
    ['the game started again and in the eighth inning', null],
  ],
  seal: [
    ['in addition, the motor has the seal of approval', 'stamp'],
    ['the great seal of the united states', 'stamp'],
    ['the warrant bore', 'stamp'],
    ['a coat of seal', null],
    ['affix the seal here', 'stamp'],
    ['a die-cast seal', null],
    ['seal is an acronym', null],
    ['seal the letter', null],
  ],
  crane: [
    ['the double-geared lifting mechanism', 'machine'],
    ['crease the paper', null],
  ],
  spring: [
    ['the annual spring meeting', 'season'],
    ['in the early spring of 1913', 'season'],
    ['but if all alternatives should be clearly blocked', 'season'],
    ['whitey herzog', 'season'],
    ["baltimore's bulky spring", 'season'],
    ['" so i started practicing', 'season'],
    ['taylor said mrs. huntley', 'season'],
    ['their activities will be climaxed', 'season'],
    ['mr. balaguer is in control', 'season'],
    ["he's been entirely different all spring", 'season'],
    ['since it was issued in the spring of 1611', 'season'],
    ['the sequence of events leading', 'season'],
    ['the sailing in the spring of 1610', 'season'],
    ['in the afternoon miss hosaka', 'season'],
    ['at 6:00 p.m. we went to the kyoto', 'season'],
    ['little enough joy', 'season'],
    ['in the spring, it must have been', 'season'],
    ['spring was life', 'season'],
    ['i remember him pointing', 'season'],
    ['the shelter illustrated in figure 12', 'season'],
    ['the development of the andrena', 'season'],
    ['the pattern of general business', 'season'],
    ['by the end of the spring of 1961', 'season'],
    ['cattle stealing and killing', 'season'],
    ['in the spring of 1942', 'season'],
    ['my eyes were so bleary', 'season'],
    ['by spring it would be', 'season'],
    ['" on the side toward the horizon', 'season'],
    ['"come spring', 'season'],
    ['beyond his window were', 'season'],
    ['but by the time the first crackling', 'season'],
    ['the mating of some species', 'season'],
    ['they welcomed the signs', 'season'],
    ['the return of spring', 'season'],
    ['they used to drive the cattle', 'season'],
    ['spring rains had raised', 'season'],
    ['they welcomed the spring thaw', 'season'],
    ['war was declared in november', 'season'],
    ['the emerging buds', 'season'],
    ['our dog sheds', 'season'],
    ['these trees gum', 'season'],
    ['the tree foliated', 'season'],
    ['spruce up your house', 'season'],
    ['spring popped up', 'season'],
    ['who cannot exult', 'season'],
    ['dibble spring bulbs', 'season'],
    ['capture the essence', 'season'],
    ['turn the earth', 'season'],
    ['a glorious spring morning', 'season'],
    ['the liquid air', 'season'],
    ['the first day of spring', 'season'],
    ['the untrammeled rush', 'season'],
    ['flowering spring trees', 'season'],
    ['the upcoming spring fashions', 'season'],
    ['as an anchor for the spring lock', 'coil'],
    ["otherwise, you'll have to spend", 'coil'],
    ['springing like a cat', 'coil'],
    ['then he hunkered down', 'coil'],
    ['"might get there faster', 'coil'],
    ["i figger it's", 'coil'],
    ['tense the rope manually', 'coil'],
    ['the 15-year-old adopted son', null],
    ['as the juniors entered the ring', null],
    ['one of the most distressing of these scenes', null],
    ['early spring came from her bed', null],
    ['but now with real anger', null],
    ['and early spring seized', null],
    ['and those of early spring', null],
    ['a few months ago it was a fairly typical landlord', null],
    ['because the summer was unusually dry', null],
    ["the conductor's preoccupation", null],
    ['going through the imperial gate', null],
    ['interfaith conflicts', null],
    ['a brisk, amusing man', null],
    ['dr. karlis osis', null],
    ['the line of an eyebrow', null],
    ['the design is determined emotionally', null],
    ['spring used a brush', null],
    ['but companies continued', null],
    ['the polyether glycols', null],
    ['morgan returned to the kitchen', null],
    ['she helped him with the dishes', null],
    ['the guerrillas began', null],
    ['"drag the wagons', null],
    ['" run \'em right', null],
    ['a single kick', null],
    ['just like the balloon', null],
    ['he was fifteen years older', null],
    ['he would spring bolt', null],
    ['genius and insanity', null],
    ['did not spring', null],
    ['a geyser is', null],
  ],
};

export function labelRealSentences(w: SenseWordDef, texts: string[], source: 'brown' | 'wordnet'): PolysemySentence[] {
  const out: PolysemySentence[] = [];
  const review = REVIEW[w.word] ?? [];
  // Near-copies (Brown has seven proclamations that differ only in their dates) would make leave-one-out easy: keep the first.
  const seen = new Set<string>();
  for (const text of texts) {
    const head = normalize(text).slice(0, 40);
    if (seen.has(head)) continue;
    seen.add(head);
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
