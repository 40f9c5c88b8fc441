import { readFileSync } from 'node:fs';
import { lab } from 'd3';
import { describe, expect, it } from 'vitest';
import { CVD, contrast, deltaE2000, simulate } from './colour';
import { CATEGORICAL, OKABE_ITO, SAMPLING, SEQUENTIAL, SHOT, TEXT_PAIRS } from './palette';

const VISION: [string, number[][] | null][] = [['normal vision', null], ...Object.entries(CVD)];

/**
 * Minimum CIEDE2000 between two members of a categorical set, for every kind of vision. 10 is well above a
 * just-noticeable difference (~1–2.3) and what charts need to tell small marks apart at a glance; the sense
 * colours, which always come with a distinct marker shape, must stay at least 6 apart.
 */
const MIN_DE = 10;
const MIN_DE_WITH_SHAPE = 6;

describe('categorical palettes stay distinguishable with colour-vision deficiencies', () => {
  for (const [name, colours] of Object.entries(CATEGORICAL)) {
    for (const [vision, m] of VISION) {
      it(`${name}: ${vision}`, () => {
        const sim = colours.map((c) => simulate(c, m));
        const min = name === 'senses' ? MIN_DE_WITH_SHAPE : MIN_DE;
        const close: string[] = [];
        for (let i = 0; i < sim.length; i++)
          for (let j = i + 1; j < sim.length; j++) {
            const d = deltaE2000(sim[i] as string, sim[j] as string);
            if (d < min) close.push(`${colours[i]}~${colours[j]} ΔE00=${d.toFixed(1)}`);
          }
        expect(close).toEqual([]);
      });
    }
  }

  it('the first five sense colours (most words have at most five senses) stay 10 apart for everyone', () => {
    const five = (CATEGORICAL.senses as readonly string[]).slice(0, 5);
    for (const [, m] of VISION) {
      const sim = five.map((c) => simulate(c, m));
      for (let i = 0; i < sim.length; i++)
        for (let j = i + 1; j < sim.length; j++) expect(deltaE2000(sim[i] as string, sim[j] as string)).toBeGreaterThan(MIN_DE);
    }
  });

  it('the simulation and ΔE00 are right on known values', () => {
    // Sharma et al. test pair 1: ΔE00 = 2.0425.
    const a = lab(50, 2.6772, -79.7751).formatHex();
    expect(deltaE2000(a, a)).toBe(0);
    expect(deltaE2000('#ffffff', '#000000')).toBeCloseTo(100, 0);
    // Red and green collapse for a deuteranope: their difference shrinks a lot.
    const normal = deltaE2000('#ff0000', '#00aa00');
    const deut = deltaE2000(simulate('#ff0000', CVD.deuteranopia as number[][]), simulate('#00aa00', CVD.deuteranopia as number[][]));
    expect(deut).toBeLessThan(normal / 3);
    // Grey is unchanged by every simulation.
    for (const m of Object.values(CVD)) expect(deltaE2000(simulate('#808080', m), '#808080')).toBeLessThan(1);
  });
});

describe('sequential ramps change lightness in one direction, for everyone', () => {
  for (const [name, ramp] of Object.entries(SEQUENTIAL)) {
    for (const [vision, m] of VISION) {
      it(`${name}: ${vision}`, () => {
        const L = Array.from({ length: 41 }, (_, i) => lab(simulate(ramp(i / 40), m)).l);
        const dir = Math.sign((L[40] as number) - (L[0] as number));
        expect(dir).not.toBe(0);
        for (let i = 1; i < L.length; i++) expect(dir * ((L[i] as number) - (L[i - 1] as number))).toBeGreaterThanOrEqual(-0.5);
        // The ends are far apart in lightness (the ramp reads in greyscale too).
        expect(Math.abs((L[40] as number) - (L[0] as number))).toBeGreaterThan(50);
      });
    }
  }
});

describe('text colours meet WCAG AA on their backgrounds', () => {
  for (const p of TEXT_PAIRS) {
    it(p.name, () => {
      expect(contrast(p.fg, p.bg)).toBeGreaterThanOrEqual(p.large ? 3 : 4.5);
    });
  }
});

describe('CSS uses the same colours', () => {
  const css = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');
  const vars = new Map([...css.matchAll(/--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})/g)].map((m) => [m[1], (m[2] as string).toLowerCase()]));
  it('the Okabe–Ito and prompt-part custom properties match palette.ts', () => {
    expect(vars.get('oi-blue')).toBe(OKABE_ITO.blue.toLowerCase());
    expect(vars.get('oi-vermillion')).toBe(OKABE_ITO.vermillion.toLowerCase());
    expect(vars.get('oi-orange')).toBe(OKABE_ITO.orange.toLowerCase());
    expect(vars.get('oi-green')).toBe(OKABE_ITO.bluishGreen.toLowerCase());
    expect(vars.get('shot-instruction')).toBe(SHOT.instruction.toLowerCase());
    expect(vars.get('sampling-ghost')).toBe(SAMPLING.ghost.toLowerCase());
  });
});
