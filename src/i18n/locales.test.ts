import { describe, expect, it } from 'vitest';
import { resources } from './index';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('English and Chinese have exactly the same keys', () => {
    const en = keys(resources.en.translation).sort();
    const zh = keys(resources.zh.translation).sort();
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it('has no empty string and keeps every {{placeholder}} in both languages', () => {
    const get = (o: unknown, path: string) => path.split('.').reduce((a: unknown, k) => (a as Record<string, unknown>)?.[k], o) as string;
    for (const k of keys(resources.en.translation)) {
      const e = get(resources.en.translation, k);
      const z = get(resources.zh.translation, k);
      expect(e.trim(), k).not.toBe('');
      expect(z.trim(), k).not.toBe('');
      const ph = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(ph(z), k).toEqual(ph(e));
    }
  });
});
