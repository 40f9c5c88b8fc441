import { describe, expect, it } from 'vitest';
import { mdTable, pct, replaceBetweenMarkers } from './markers';

describe('replaceBetweenMarkers', () => {
  const doc = 'intro\n<!-- a -->\nold\n<!-- b -->\noutro\n';
  it('replaces only what is between the markers', () => {
    expect(replaceBetweenMarkers(doc, '<!-- a -->', '<!-- b -->', '\nnew\n')).toBe('intro\n<!-- a -->\nnew\n<!-- b -->\noutro\n');
  });
  it('is idempotent', () => {
    const once = replaceBetweenMarkers(doc, '<!-- a -->', '<!-- b -->', 'x');
    expect(replaceBetweenMarkers(once, '<!-- a -->', '<!-- b -->', 'x')).toBe(once);
  });
  it('throws when a marker is missing or doubled', () => {
    expect(() => replaceBetweenMarkers('no markers', '<!-- a -->', '<!-- b -->', 'x')).toThrow();
    expect(() => replaceBetweenMarkers(`${doc}<!-- a -->`, '<!-- a -->', '<!-- b -->', 'x')).toThrow();
  });
});

describe('formatting', () => {
  it('pct and tables', () => {
    expect(pct(0.8567)).toBe('85.7%');
    expect(pct(Number.NaN)).toBe('–');
    expect(mdTable(['a', 'b'], [['x|y', 'l1\nl2']])).toBe('| a | b |\n| --- | --- |\n| x\\|y | l1↵l2 |');
  });
});
