/** The held-out polysemy sets (public/data/polysemy.json), fetched once. */
import { useEffect, useState } from 'react';
import type { PresetSentence } from '../../analysis/drift';

export interface PolysemyWord {
  word: string;
  senses: { label: string; gloss: string }[];
  sentences: PresetSentence[];
}

let loading: Promise<PolysemyWord[]> | null = null;

function loadPolysemy(): Promise<PolysemyWord[]> {
  loading ??= fetch(new URL('data/polysemy.json', document.baseURI))
    .then((r) => {
      if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
      return r.json() as Promise<{ words: PolysemyWord[] }>;
    })
    .then((d) => d.words)
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}

export function usePolysemy(): { words: PolysemyWord[] | null; error: string | null } {
  const [words, setWords] = useState<PolysemyWord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    loadPolysemy().then(
      (w) => alive && setWords(w),
      (e: unknown) => alive && setError((e as Error).message),
    );
    return () => {
      alive = false;
    };
  }, []);
  return { words, error };
}
