/**
 * Simple English: short everyday stories and plain fact sentences.
 *
 * - Stories (2–6 sentences about one person and one scene) give the model
 *   plain, grammatical English to continue, so that what it writes reads as
 *   simple English, and use the task words in their natural company (an
 *   animal runs, a fruit is eaten, an instrument is played), which is where
 *   a category comes from.
 * - Facts state every pair the knowledge tasks ask for (opposites, French
 *   words, capitals, continents, categories) in ordinary prose, in several
 *   phrasings. Held-out pairs are stated here too: only the task format is
 *   held out, as in GPT-3, where knowledge comes from pretraining text and
 *   the examples only say which task is meant.
 * All text authored for this project.
 */
import { type Grammar, type Lexicon, sentence } from './grammar';
import { SHARED } from './senses/shared';
import type { NounEntry } from './words';

export function storyLexicon(nouns: NounEntry[]): Lexicon {
  const of = (cat: string) => nouns.filter((n) => n.category === cat).map((n) => n.word);
  return {
    ...SHARED,
    animal: of('animal'),
    fruit: of('fruit'),
    vegetable: of('vegetable'),
    colourWord: of('colour'),
    vehicle: of('vehicle'),
    tool: of('tool'),
    furniture: of('furniture'),
    clothing: of('clothing'),
    drink: of('drink'),
    bodyPart: of('body part'),
    instrument: of('instrument'),
    place: [
      'the park',
      'the school',
      'the kitchen',
      'the garden',
      'the farm',
      'the beach',
      'the market',
      'the library',
      'the city',
      'the forest',
      'the village',
      'the station',
      'the zoo',
      'the hill',
      'the field',
      'the street',
      'the shop',
      'the house',
    ],
    weatherLine: [
      'it was sunny',
      'it was raining',
      'the wind was cold',
      'snow covered the ground',
      'the sky was grey',
      'it was a hot day',
      'a storm was coming',
      'the fog was thick',
      'the morning was cool and bright',
    ],
    action: [
      'played with the {animal}',
      'ate {a} {fruit}',
      'cooked soup with {vegetable}s',
      'drove the {vehicle} to {place}',
      'fixed the {furniture} with a {tool}',
      'put on a {colourWord} {clothing}',
      'drank a cup of {drink}',
      'played the {instrument}',
      'fed the {animal}',
      'read a book about {a} {animal}',
      'painted the {furniture} {colourWord}',
      'washed the {vehicle}',
      'bought some {fruit}s at the market',
      'hurt {his} {bodyPart}',
      'lost {his} {clothing}',
      'found a {tool} in the shed',
      'sat on the {furniture}',
      'saw {a} {animal} near {place}',
      'picked {fruit}s in the garden',
      'walked to {place}',
      'cleaned the kitchen',
      'wrote a letter to {name}',
      'sang a song',
      'opened the window',
      'closed the door',
      'made a cake',
      'waited for the bus',
      'went to bed early',
      'called {name} on the phone',
      'planted {vegetable}s',
      'rode a {vehicle}',
      'learned to play the {instrument}',
    ],
    a: ['a', 'a', 'the', 'one', 'a small', 'a big'],
    his: ['his', 'her', 'their', 'my'],
    afterThat: ['then', 'after that', 'later', 'soon', 'next', 'in the end', 'at last'],
    end: [
      'everyone was {feeling}',
      '{person} went home',
      'it was a good day',
      '{person} smiled',
      'the sun went down',
      'they laughed',
      '{person} was very {feeling}',
      'it started to rain',
    ],
    animalDoes: [
      'ran across the field',
      'slept in the sun',
      'ate some grass',
      'jumped over the fence',
      'hid under the {furniture}',
      'made a loud noise',
      'looked at us',
      'swam in the pond',
      'climbed the tree',
    ],
  };
}

const STORY_OPENERS = [
  '{time}, {person} went to {place}',
  '{weatherLine}',
  '{person} woke up early {time}',
  '{time}, {person} was at {place}',
  'once there was {a} {animal} that lived near {place}',
  '{person} and {name} went to {place}',
];
const STORY_MIDDLE = [
  '{person} {action}',
  '{person} {action}',
  '{afterThat} {person} {action}',
  'the {animal} {animalDoes}',
  '{weatherLine}',
  '{person} {action} {andthen} {person} {action}',
  '{person} felt {feeling}',
];

/** One story document: an opener, 1–4 middle sentences, sometimes an ending. */
export function story(g: Grammar, rand: () => number): string {
  const out = [sentence(g.expand(g.pick(STORY_OPENERS)))];
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) out.push(sentence(g.expand(g.pick(STORY_MIDDLE))));
  if (rand() < 0.6) out.push(sentence(g.expand('{end}')));
  return out.join(' ');
}

export interface Facts {
  opposites: [string, string][];
  french: [string, string][];
  capitals: { country: string; capital: string; continent: string }[];
  categories: [string, string][];
}

/** Sentences for one fact, in several phrasings; a document holds a few facts of one kind. */
export function factSentences(f: Facts, rand: () => number): string[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const out: string[] = [];
  for (const [a, b] of f.opposites) {
    out.push(
      pick([
        `the opposite of ${a} is ${b}.`,
        `${a} is the opposite of ${b}.`,
        `${a} and ${b} are opposites.`,
        `${b} is the opposite of ${a}.`,
        `what is the opposite of ${a}? it is ${b}.`,
        `the word ${a} means the opposite of ${b}.`,
      ]),
    );
  }
  for (const [en, fr] of f.french) {
    out.push(
      pick([
        `the french word for ${en} is ${fr}.`,
        `in french, ${en} is ${fr}.`,
        `${fr} is the french word for ${en}.`,
        `${fr} means ${en} in french.`,
        `how do you say ${en} in french? you say ${fr}.`,
        `the french say ${fr} for ${en}.`,
      ]),
    );
  }
  for (const c of f.capitals) {
    out.push(
      pick([
        `${c.capital} is the capital of ${c.country}.`,
        `the capital of ${c.country} is ${c.capital}.`,
        `${c.country} has its capital in ${c.capital}.`,
        `the capital city of ${c.country} is ${c.capital}.`,
        `${c.capital}, the capital of ${c.country}, is a big city.`,
      ]),
    );
    out.push(
      pick([
        `${c.country} is a country in ${c.continent}.`,
        `${c.country} is in ${c.continent}.`,
        `${c.country} is one of the countries of ${c.continent}.`,
        `in ${c.continent} there is a country called ${c.country}.`,
      ]),
    );
  }
  for (const [thing, cat] of f.categories) {
    out.push(
      pick([
        `a ${thing} is a kind of ${cat}.`,
        `the ${thing} is ${/^[aeiou]/.test(cat) ? 'an' : 'a'} ${cat}.`,
        `${thing} is a ${cat} word.`,
        `we call a ${thing} ${/^[aeiou]/.test(cat) ? 'an' : 'a'} ${cat}.`,
      ]),
    );
  }
  return out;
}
