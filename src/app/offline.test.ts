import { describe, expect, it } from 'vitest';
import { isPrecacheMessage, progressFraction } from './offline';

describe('offline progress', () => {
  it('accepts only well-formed progress messages from the service worker', () => {
    expect(isPrecacheMessage({ type: 'tp-precache', done: 10, total: 100, doneFiles: 1, totalFiles: 5 })).toBe(true);
    expect(isPrecacheMessage({ type: 'SKIP_WAITING' })).toBe(false);
    expect(isPrecacheMessage({ type: 'tp-precache', done: -1, total: 100, doneFiles: 1, totalFiles: 5 })).toBe(false);
    expect(isPrecacheMessage({ type: 'tp-precache', done: Number.NaN, total: 100, doneFiles: 1, totalFiles: 5 })).toBe(false);
    expect(isPrecacheMessage(null)).toBe(false);
    expect(isPrecacheMessage('tp-precache')).toBe(false);
  });

  it('measures bytes when the sizes are known, else files, and never passes 100%', () => {
    expect(progressFraction(null)).toBe(0);
    expect(progressFraction({ done: 25, total: 100, doneFiles: 4, totalFiles: 5 })).toBe(0.25);
    expect(progressFraction({ done: 0, total: 0, doneFiles: 1, totalFiles: 4 })).toBe(0.25);
    expect(progressFraction({ done: 120, total: 100, doneFiles: 5, totalFiles: 5 })).toBe(1);
    expect(progressFraction({ done: 0, total: 0, doneFiles: 0, totalFiles: 0 })).toBe(0);
  });
});
