/**
 * Polysemous preset words and the generator of their sentences.
 *
 * Every sentence is `subject + verb phrase + "the <word>"` with a sense cue
 * either before it (a leading clause) or after it (a trailing phrase). The
 * frames (verb phrases) and subjects are shared by both senses, so only the
 * cue tells the senses apart. The last HELD_VPS verb phrases and the last
 * HELD_CUES cues of each list are never used in training: held-out generated
 * sentences are built only from them.
 *
 * All cue texts below were written for this project (authored).
 */

export interface SenseDef {
  label: string;
  gloss: string;
  /** Words that signal this sense in a real sentence (keyword-assisted labelling). */
  keywords: string[];
  /** Clauses that can precede "<subject> <vp> the <word>". */
  before: string[];
  /** Phrases that can follow "the <word>". */
  after: string[];
}

export interface WordDef {
  word: string;
  senses: [SenseDef, SenseDef];
}

export const SUBJECTS = [
  'she',
  'he',
  'we',
  'they',
  'my sister',
  'the old man',
  'the children',
  'our teacher',
  'my friend',
  'the farmer',
  'the boy',
  'the girl',
];

/** Verb phrases ending right before "the <word>". The last HELD_VPS are held out. */
export const VPS = [
  'looked at',
  'walked over to',
  'talked about',
  'stopped near',
  'saw',
  'pointed at',
  'took a picture of',
  'asked about',
  'thought about',
  'noticed',
  'drew a picture of',
  'read about',
  // held out
  'wrote a story about',
  'described',
  'remembered',
  'showed us',
];
export const HELD_VPS = 4;
/** Per cue list, the last HELD_CUES entries are held out. */
export const HELD_CUES = 4;

export const WORDS: WordDef[] = [
  {
    word: 'bank',
    senses: [
      {
        label: 'river',
        gloss: 'sloping land beside a river or lake',
        keywords: [
          'river',
          'stream',
          'creek',
          'water',
          'shore',
          'fish',
          'fishing',
          'boat',
          'canoe',
          'mud',
          'muddy',
          'grass',
          'grassy',
          'flood',
          'lake',
          'pond',
          'slope',
          'sand',
          'sandy',
          'west',
          'east',
          'left',
          'right',
          'far',
          'opposite',
          'swam',
          'waded',
          'rowed',
          'reeds',
          'willows',
          'current',
          'ditch',
          'snow',
          'clouds',
          'fog',
          'cloud',
        ],
        before: [
          'after fishing all morning in the river',
          'while the ducks swam past in the stream',
          'after the flood waters rose over the grass',
          'while we paddled the canoe down the river',
          'after the boat drifted toward the muddy shore',
          'while the frogs sang along the creek',
          'after the fisherman cast his line into the water',
          'while the river flowed slowly past the willows',
          'after the heron landed in the shallow water',
          'while the current carried leaves downstream',
        ],
        after: [
          'where the river bends',
          'covered with reeds and mud',
          'along the edge of the stream',
          'where the fishermen sat with their rods',
          'beside the flowing water',
          'where the ducks built their nests',
          'that the flood washed away',
          'near the shallow creek',
          'where the willows hang over the water',
          'on the far side of the river',
        ],
      },
      {
        label: 'finance',
        gloss: 'an institution that keeps and lends money',
        keywords: [
          'money',
          'loan',
          'loans',
          'account',
          'accounts',
          'deposit',
          'deposits',
          'cash',
          'check',
          'credit',
          'interest',
          'savings',
          'teller',
          'vault',
          'mortgage',
          'dollars',
          'financial',
          'federal',
          'reserve',
          'president',
          'funds',
          'bonds',
          'banking',
          'capital',
          'investment',
          'robbed',
          'robbery',
          'paid',
          'pay',
          'borrow',
          'borrowed',
          'lent',
          'national',
          'trust',
          'company',
          'million',
          'debt',
          'stock',
          'clerk',
          'manager',
          'branch',
          'blood',
          'data',
        ],
        before: [
          'after she cashed her paycheck',
          'while he counted the money for the loan',
          'after the teller opened the vault',
          'while we waited to deposit the cash',
          'after the manager approved the mortgage',
          'while the clerk checked my savings account',
          'after they paid the interest on the loan',
          'while she wrote a check for the rent',
          'after the robbers stole the money',
          'while he filled out the loan form',
        ],
        after: [
          'that lent us the money',
          'where she keeps her savings',
          'with the big steel vault',
          'that charged high interest on loans',
          'where the tellers count the cash',
          'that holds our checking account',
          'where he deposited his paycheck',
          'that approved the mortgage',
          'with the busy cash machine',
          'where the manager signs the loans',
        ],
      },
    ],
  },
  {
    word: 'bat',
    senses: [
      {
        label: 'animal',
        gloss: 'a small flying mammal that is active at night',
        keywords: [
          'cave',
          'wings',
          'wing',
          'night',
          'fly',
          'flew',
          'flying',
          'insects',
          'vampire',
          'mammal',
          'attic',
          'blind',
          'dusk',
          'hang',
          'hung',
          'echo',
          'moths',
          'fruit',
        ],
        before: [
          'after the sun went down over the dark cave',
          'while the insects buzzed around the barn',
          'after the owl flew out of the old tree',
          'while the moths circled the lamp at night',
          'after we explored the damp cave',
          'while the creatures slept upside down in the attic',
          'after dusk fell over the quiet forest',
          'while the night was full of flying insects',
          'after the vampire story scared the children',
          'while we camped near the dark cavern',
        ],
        after: [
          'that hung upside down in the cave',
          'that flew out at night to eat insects',
          'with leathery wings and tiny ears',
          'that slept all day in the attic',
          'that squeaked in the dark',
          'flapping its wings around the barn',
          'that lived in the hollow tree',
          'that hunted moths near the lamp',
          'with its wings folded while it slept',
          'that came out of the cave at dusk',
        ],
      },
      {
        label: 'baseball',
        gloss: 'a club used to hit the ball in baseball or cricket',
        keywords: [
          'ball',
          'baseball',
          'cricket',
          'hit',
          'swing',
          'swung',
          'pitcher',
          'pitch',
          'batter',
          'plate',
          'inning',
          'game',
          'player',
          'team',
          'home',
          'run',
          'wooden',
          'swinging',
          'hitter',
          'league',
          'at',
        ],
        before: [
          'after the pitcher threw a fast ball',
          'while the team practiced on the baseball field',
          'after he hit a home run in the game',
          'while the coach talked to the players',
          'after the umpire called a strike',
          'while the crowd cheered at the ballpark',
          'after she swung hard at the pitch',
          'while the batter waited at home plate',
          'after the catcher missed the ball',
          'while the boys played baseball in the yard',
        ],
        after: [
          'made of smooth wooden maple',
          'that hit the ball over the fence',
          'that the batter swung at the pitch',
          'with tape on the handle for a better grip',
          'that cracked during the baseball game',
          'used by the best hitter on the team',
          'leaning against the dugout wall',
          'that he swung at every pitch',
          'signed by the famous baseball player',
          'that she carried to home plate',
        ],
      },
    ],
  },
  {
    word: 'seal',
    senses: [
      {
        label: 'animal',
        gloss: 'a sea mammal with flippers',
        keywords: [
          'sea',
          'ocean',
          'ice',
          'fish',
          'flippers',
          'fur',
          'beach',
          'swim',
          'swam',
          'whale',
          'whales',
          'rocks',
          'coast',
          'zoo',
          'pup',
          'pups',
          'hunting',
          'hunters',
          'arctic',
          'elephant',
          'harbor',
        ],
        before: [
          'after the fish swam near the icy rocks',
          'while the waves crashed on the beach',
          'after the polar bear walked across the ice',
          'while the penguins dived into the cold sea',
          'after we sailed past the rocky coast',
          'while the whales swam in the ocean',
          'after the fishermen pulled in their nets',
          'while the sea lions barked on the shore',
          'after the tide went out from the beach',
          'while the gulls flew over the cold water',
        ],
        after: [
          'that swam in the icy ocean',
          'lying on the rocks in the sun',
          'that ate fish near the shore',
          'with its thick fur and flippers',
          'that dived under the waves',
          'that barked at the fishing boat',
          'resting on the floating ice',
          'that lived on the rocky coast',
          'with whiskers and a wet nose',
          'that slid into the cold sea',
        ],
      },
      {
        label: 'stamp',
        gloss: 'an official stamp or a mark pressed in wax',
        keywords: [
          'wax',
          'king',
          'queen',
          'letter',
          'document',
          'documents',
          'official',
          'royal',
          'signed',
          'stamp',
          'stamped',
          'contract',
          'certificate',
          'approval',
          'state',
          'great',
          'notary',
          'envelope',
          'affixed',
          'broke',
          'broken',
          'president',
          'law',
          'papers',
          'ring',
        ],
        before: [
          'after the king signed the letter',
          'while the clerk melted the red wax',
          'after the queen approved the document',
          'while the lawyer prepared the official papers',
          'after the notary signed the contract',
          'while the secretary folded the royal letter',
          'after the judge stamped the certificate',
          'while the official checked the passport',
          'after the council approved the new law',
          'while the priest wrote the royal decree',
        ],
        after: [
          'pressed into the red wax',
          'on the official document',
          'that the king used on his letters',
          'stamped on the signed contract',
          'with the royal crest',
          'on the bottom of the certificate',
          'that made the letter official',
          'that the notary pressed on the papers',
          'engraved with the crown and lion',
          'on the envelope of the royal decree',
        ],
      },
    ],
  },
  {
    word: 'crane',
    senses: [
      {
        label: 'bird',
        gloss: 'a tall wading bird with long legs and neck',
        keywords: [
          'bird',
          'birds',
          'marsh',
          'wings',
          'feathers',
          'legs',
          'neck',
          'fly',
          'flew',
          'nest',
          'pond',
          'swamp',
          'wetlands',
          'migrate',
          'flock',
          'heron',
          'fish',
          'whooping',
          'sandhill',
        ],
        before: [
          'after the frogs jumped into the marsh',
          'while the fish swam in the shallow pond',
          'after the birds flew south for the winter',
          'while the geese honked over the wetlands',
          'after the heron caught a fish',
          'while the flock rested in the swamp',
          'after the snow melted in the wetlands',
          'while the feathers floated on the pond',
          'after the eggs hatched in the nest',
          'while the birdwatchers waited with binoculars',
        ],
        after: [
          'that stood on one leg in the marsh',
          'with long legs and white feathers',
          'that flew over the wetlands',
          'that caught a fish in its beak',
          'that built a nest in the reeds',
          'spreading its wings over the pond',
          'that migrated south in the winter',
          'with a red patch on its head',
          'wading in the shallow water',
          'that danced in the field with its mate',
        ],
      },
      {
        label: 'machine',
        gloss: 'a machine that lifts heavy things',
        keywords: [
          'construction',
          'lift',
          'lifted',
          'lifting',
          'steel',
          'beams',
          'building',
          'operator',
          'hook',
          'cable',
          'cables',
          'truck',
          'dock',
          'cargo',
          'tower',
          'heavy',
          'load',
          'machine',
          'derrick',
          'crew',
          'concrete',
        ],
        before: [
          'after the workers poured the concrete',
          'while the builders raised the steel beams',
          'after the truck delivered the heavy steel',
          'while the construction site was busy',
          'after the engineer checked the building plans',
          'while the workers wore their hard hats',
          'after the ship was unloaded at the dock',
          'while the new tower was being built',
          'after the operator climbed into the cab',
          'while the cargo containers waited on the dock',
        ],
        after: [
          'that lifted the steel beams',
          'with a long metal arm',
          'that moved the heavy containers',
          'at the construction site',
          'that the operator controlled from the cab',
          'lifting concrete to the top floor',
          'with cables and a huge hook',
          'that unloaded the cargo ship',
          'that towered over the new building',
          'with its engine running loudly',
        ],
      },
    ],
  },
  {
    word: 'spring',
    senses: [
      {
        label: 'water',
        gloss: 'a place where water comes up out of the ground',
        keywords: [
          'water',
          'well',
          'hot',
          'mineral',
          'drink',
          'drank',
          'fresh',
          'stream',
          'creek',
          'rocks',
          'hill',
          'hillside',
          'mountain',
          'bubbled',
          'pool',
          'flowed',
          'fed',
          'clear',
          'cold',
          'source',
          'bottles',
        ],
        before: [
          'after we hiked up the mountain trail',
          'while the hikers filled their bottles with fresh water',
          'after the deer drank from the stream',
          'while the cool water bubbled out of the rocks',
          'after the long walk through the hot valley',
          'while the villagers carried buckets of water',
          'after the rain soaked the hillside',
          'while the warm water steamed in the cold air',
          'after we followed the creek up the hill',
          'while the horses drank the clear water',
        ],
        after: [
          'that bubbled out of the rocks',
          'with cold and clear water',
          'where the deer came to drink',
          'that fed the little stream',
          'that flowed from the hillside',
          'where the hikers filled their bottles',
          'with warm water that steamed',
          'that never ran dry in summer',
          'hidden among the mossy rocks',
          'where the villagers got their water',
        ],
      },
      {
        label: 'coil',
        gloss: 'a coil of metal that returns to its shape',
        keywords: [
          'coil',
          'coiled',
          'steel',
          'metal',
          'wire',
          'mattress',
          'clock',
          'watch',
          'tension',
          'compressed',
          'lever',
          'screw',
          'valve',
          'trigger',
          'mechanism',
          'pressure',
          'loaded',
          'broken',
          'snapped',
          'pen',
        ],
        before: [
          'after the old mattress began to squeak',
          'while he took apart the broken clock',
          'after the mechanic opened the car door',
          'while she repaired the pen that would not click',
          'after the toy stopped bouncing',
          'while the engineer tested the metal parts',
          'after the screws fell out of the machine',
          'while we fixed the squeaky chair',
          'after the watchmaker opened the watch',
          'while the trampoline was being repaired',
        ],
        after: [
          'that broke inside the old mattress',
          'made of coiled steel wire',
          'that pushed the lever back',
          'inside the ticking clock',
          'that made the toy bounce',
          'that squeaked under the seat',
          'that the mechanic replaced in the door',
          'wound tightly around the metal rod',
          'that snapped in the broken pen',
          'stretched between the two hooks',
        ],
      },
    ],
  },
];

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function makeSentence(word: string, subject: string, vp: string, cue: string, cueBefore: boolean): string {
  return cueBefore ? capitalize(`${cue}, ${subject} ${vp} the ${word}.`) : capitalize(`${subject} ${vp} the ${word} ${cue}.`);
}

function trainPart<T>(xs: readonly T[], held: number): readonly T[] {
  return xs.slice(0, xs.length - held);
}
function heldPart<T>(xs: readonly T[], held: number): readonly T[] {
  return xs.slice(xs.length - held);
}

function pick<T>(xs: readonly T[], rand: () => number): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}

/** One training sentence of a given word and sense (train frames and cues only): cue before, after, or both (a third each). */
export function trainSentence(w: WordDef, sense: SenseDef, rand: () => number): string {
  const vp = pick(trainPart(VPS, HELD_VPS), rand);
  const subject = pick(SUBJECTS, rand);
  const mode = rand();
  if (mode < 1 / 3) {
    // Cue on both sides: the continuation after the word depends on its sense, so a
    // left-to-right model must carry the sense (learnt from the earlier cue) at the word itself.
    const before = pick(trainPart(sense.before, HELD_CUES), rand);
    const after = pick(trainPart(sense.after, HELD_CUES), rand);
    return capitalize(`${before}, ${subject} ${vp} the ${w.word} ${after}.`);
  }
  const cueBefore = mode < 2 / 3;
  const cue = pick(trainPart(cueBefore ? sense.before : sense.after, HELD_CUES), rand);
  return makeSentence(w.word, subject, vp, cue, cueBefore);
}

/** All held-out generated sentences of a sense: held-out verb phrases × held-out cues, both positions. */
export function heldOutSentences(w: WordDef, sense: SenseDef): { text: string; cueBefore: boolean }[] {
  const out: { text: string; cueBefore: boolean }[] = [];
  const vps = heldPart(VPS, HELD_VPS);
  let n = 0;
  for (const cueBefore of [true, false]) {
    const cues = heldPart(cueBefore ? sense.before : sense.after, HELD_CUES);
    for (const vp of vps) {
      for (const cue of cues) {
        const subject = SUBJECTS[n % SUBJECTS.length] as string;
        n++;
        out.push({ text: makeSentence(w.word, subject, vp, cue, cueBefore), cueBefore });
      }
    }
  }
  return out;
}
