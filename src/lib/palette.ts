/**
 * Every colour that carries meaning, in one place (no React, no DOM). Categories use the Okabe–Ito set
 * (Okabe & Ito 2008), chosen to stay apart for the common colour-vision deficiencies; magnitudes use
 * single-direction sequential ramps whose lightness changes monotonically, so they also read in greyscale.
 * palette.test.ts simulates protanopia, deuteranopia and tritanopia (Machado et al. 2009) and checks that the
 * categorical sets stay distinguishable, that the ramps stay monotonic in lightness and that text meets WCAG AA.
 * Colour is never the only cue: senses also get a marker shape, the drawn token a label and an outline,
 * prompt parts an underline style, series a dash pattern and a legend with words.
 * CSS uses the same values through the custom properties at the top of styles.css (checked by the test).
 */
import { interpolateViridis, interpolateYlGnBu } from 'd3';
import { contrast } from './colour';

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

const OI = OKABE_ITO;

/** Word senses in the drift view (with a marker shape each). Yellow comes last: it is pale on white. */
export const SENSE_COLOURS = [
  OI.blue,
  OI.orange,
  OI.bluishGreen,
  OI.reddishPurple,
  OI.vermillion,
  OI.skyBlue,
  OI.black,
  OI.yellow,
] as const;

/** Two series in one chart (sense accuracy / cosine gap, entropy / selected step, train / validation loss). */
export const SERIES = {
  primary: OI.blue,
  secondary: OI.vermillion,
  /** A reference line (the model's own entropy, a zero line): grey and dashed. */
  reference: '#8a8a96',
} as const;

/** The sampling chart: tokens kept by top-k/top-p, the drawn one, where they were before the cut, what was cut. */
export const SAMPLING = {
  kept: OI.blue,
  /** Every other kept segment in the strip, so neighbours are told apart (same meaning as `kept`). */
  keptAlt: '#5aa3d6',
  drawn: OI.vermillion,
  ghost: '#8fc1e3',
  cut: '#d6d6de',
  cutLine: '#1d1d24',
  rest: '#a0a0ad',
} as const;

/** Attention lines and heat map: one hue for weight, vermillion for the focused query, grey hatch for masked keys. */
export const ATTENTION = {
  line: '#0b4fa0',
  focus: OI.vermillion,
  masked: '#eceef3',
  maskedHatch: '#c5c9d3',
} as const;

/** Parts of a few-shot prompt (underlines: instruction dashed, input solid, output double, query solid and bold). */
export const SHOT = {
  instruction: '#555555',
  input: OI.orange,
  output: OI.bluishGreen,
  query: OI.vermillion,
} as const;

/** Categorical sets whose members must stay apart for every viewer. */
export const CATEGORICAL: Record<string, readonly string[]> = {
  senses: SENSE_COLOURS,
  series: [SERIES.primary, SERIES.secondary, SERIES.reference],
  sampling: [SAMPLING.kept, SAMPLING.drawn, SAMPLING.ghost, SAMPLING.cut, SAMPLING.cutLine],
  attention: [ATTENTION.line, ATTENTION.focus],
  shot: [SHOT.instruction, SHOT.input, SHOT.output, SHOT.query],
};

/** Attention weight 0..1 → RGB, white to deep blue (a gamma lifts small weights into view). */
export function attentionHeat(w: number): [number, number, number] {
  const t = Math.max(0, Math.min(1, w)) ** 0.6;
  return [Math.round(255 - t * (255 - 8)), Math.round(255 - t * (255 - 48)), Math.round(255 - t * (255 - 107))];
}

/** Probability 0..1 → pale yellow (unlikely) to dark blue (likely). */
export function probabilityRamp(p: number): string {
  return interpolateYlGnBu(0.08 + 0.84 * Math.max(0, Math.min(1, p)));
}

/** Black or white, whichever contrasts more with `bg` (at least 4.58:1 for any background). */
export function readableOn(bg: string): string {
  return contrast('#000000', bg) >= contrast('#ffffff', bg) ? '#000000' : '#ffffff';
}

/** Text colour that stays readable on probabilityRamp(p). */
export function probabilityText(p: number): string {
  return readableOn(probabilityRamp(p));
}

/** Similarity 0..1 → viridis (dark purple = least similar, yellow = most similar). */
export function similarityRamp(t: number): string {
  return interpolateViridis(Math.max(0, Math.min(1, t)));
}

/** Sequential ramps (sampled by the test for monotonic lightness). */
export const SEQUENTIAL: Record<string, (t: number) => string> = {
  attention: (t) => `rgb(${attentionHeat(t).join(',')})`,
  probability: probabilityRamp,
  similarity: similarityRamp,
};

/** Text colour / background pairs used on screen (WCAG AA: 4.5:1 for body text). */
export const TEXT_PAIRS: readonly { name: string; fg: string; bg: string; large?: boolean }[] = [
  { name: 'body', fg: '#1d1d24', bg: '#fbfbfd' },
  { name: 'muted', fg: '#5b5b6b', bg: '#ffffff' },
  { name: 'muted on page', fg: '#5b5b6b', bg: '#fbfbfd' },
  { name: 'accent link', fg: '#0b63c5', bg: '#ffffff' },
  { name: 'unknown token', fg: '#b3261e', bg: '#fff1f0' },
  { name: 'button on accent', fg: '#ffffff', bg: '#0b63c5' },
  { name: 'verdict ok', fg: '#00613f', bg: '#e3f4ec' },
  { name: 'verdict wrong', fg: '#9a3a00', bg: '#fbe9e1' },
  { name: 'sampling chart label', fg: '#1d1d24', bg: '#ffffff' },
  { name: 'sampling chart value', fg: '#5b5b6b', bg: '#ffffff' },
  { name: 'segment label on kept', fg: '#ffffff', bg: SAMPLING.kept },
  { name: 'segment label on drawn', fg: '#ffffff', bg: SAMPLING.drawn, large: true },
  { name: 'presenter muted', fg: '#222222', bg: '#ffffff' },
  { name: 'presenter accent', fg: '#0040a0', bg: '#ffffff' },
  ...Array.from({ length: 21 }, (_, i) => ({
    name: `generated token at p=${i / 20}`,
    fg: probabilityText(i / 20),
    bg: probabilityRamp(i / 20),
  })),
];
