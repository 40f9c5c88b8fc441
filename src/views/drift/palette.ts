/** Sense colours and marker shapes: Okabe–Ito (colour-blind safe), and a distinct shape per sense as a second cue. */
import { type SymbolType, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye } from 'd3';
import { SENSE_COLOURS } from '../../lib/palette';

export { SENSE_COLOURS };
export const SENSE_SYMBOLS: readonly SymbolType[] = [
  symbolCircle,
  symbolSquare,
  symbolTriangle,
  symbolDiamond,
  symbolCross,
  symbolStar,
  symbolWye,
];

/** Senses in order of first appearance. */
export function senseOrder(senses: readonly string[]): string[] {
  return [...new Set(senses)];
}

export function senseColour(order: readonly string[], sense: string): string {
  const i = Math.max(0, order.indexOf(sense));
  return SENSE_COLOURS[i % SENSE_COLOURS.length] as string;
}

export function senseSymbol(order: readonly string[], sense: string): SymbolType {
  const i = Math.max(0, order.indexOf(sense));
  return SENSE_SYMBOLS[i % SENSE_SYMBOLS.length] as SymbolType;
}
