import fc from 'fast-check';
import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { CODEC_VERSION, decode, encode, hashFromStateText, MIGRATIONS, stateTextFromHash } from './codec';
import { type Chosen, chosenDefaults, chosenSchema } from './slices';
import { arbChosen } from './testing/arbitrary';

const text = fc.string({ maxLength: 40 });

describe('permalink codec', () => {
  it('round-trips every valid state exactly', () => {
    fc.assert(
      fc.property(arbChosen, (s) => {
        // The generator must only make valid states, or the property says nothing.
        expect(chosenSchema.safeParse(s).success).toBe(true);
        const d = decode(encode(s));
        expect(d.problems).toEqual([]);
        expect(d.state).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it('has a generator that really varies every field of every slice', () => {
    const samples = fc.sample(arbChosen, { numRuns: 200, seed: 1 });
    for (const key of Object.keys(chosenDefaults) as (keyof Chosen)[]) {
      for (const field of Object.keys(chosenDefaults[key])) {
        const varied = samples.some(
          (s) =>
            JSON.stringify((s[key] as Record<string, unknown>)[field]) !==
            JSON.stringify((chosenDefaults[key] as Record<string, unknown>)[field]),
        );
        expect(varied, `${key}.${field}`).toBe(true);
      }
    }
  });

  it('reads the state back from a URL hash intact, "+" included', () => {
    fc.assert(
      fc.property(arbChosen, (s) => {
        const text = encode(s);
        expect(stateTextFromHash(hashFromStateText(text))).toBe(text);
        expect(stateTextFromHash(`#x=1&${hashFromStateText(text).slice(1)}`)).toBe(text);
      }),
      { numRuns: 100 },
    );
    expect(stateTextFromHash('#s=1.a+b$c-d')).toBe('1.a+b$c-d');
    expect(stateTextFromHash('#other')).toBeNull();
    expect(stateTextFromHash('#s=%E0%A4%A')).toBe('%E0%A4%A');
  });

  it('writes nothing but the version for the default state', () => {
    expect(encode(chosenDefaults)).toBe(`${CODEC_VERSION}.`);
    expect(decode(`${CODEC_VERSION}.`)).toEqual({ state: chosenDefaults, problems: [] });
  });

  it('never throws on random or mutated text, and always returns a valid state', () => {
    const sample = encode({
      ...chosenDefaults,
      prompt: { text: 'the bank of the river' },
      sampling: { ...chosenDefaults.sampling, seed: 9 },
    });
    const mutated = fc
      .tuple(fc.integer({ min: 0, max: sample.length }), fc.integer({ min: 0, max: 5 }), text)
      .map(([at, del, ins]) => sample.slice(0, at) + ins + sample.slice(at + del));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), mutated), (s) => {
        const d = decode(s);
        expect(chosenSchema.safeParse(d.state).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the valid part of a link and names what it ignored', () => {
    const raw = {
      prompt: { text: 'hello' },
      sampling: { temperature: 99, seed: 5 },
      attention: { layer: -3, head: 'mean' },
      nonsense: { a: 1 },
      model: { id: 'gpt-5' },
    };
    const d = decode(`1.${compressToEncodedURIComponent(JSON.stringify(raw))}`);
    expect(d.state.prompt.text).toBe('hello');
    expect(d.state.sampling.seed).toBe(5);
    expect(d.state.sampling.temperature).toBe(chosenDefaults.sampling.temperature);
    expect(d.state.attention.head).toBe('mean');
    expect(d.state.attention.layer).toBe(0);
    expect(d.state.model.id).toBe(chosenDefaults.model.id);
    expect(d.problems.map((p) => (p.kind === 'ignored' ? p.path : p.kind)).sort()).toEqual([
      'attention.layer',
      'model.id',
      'nonsense',
      'sampling.temperature',
    ]);
  });

  it('reports truncated, foreign and newer links', () => {
    const full = encode({ ...chosenDefaults, prompt: { text: 'the money in the bank was safe and sound' } });
    expect(decode(full.slice(0, full.length - 12)).problems[0]?.kind).toBe('damaged');
    expect(decode('hello').problems).toEqual([{ kind: 'format' }]);
    const newer = `${CODEC_VERSION + 1}.${full.split('.')[1]}`;
    const d = decode(newer);
    expect(d.problems[0]).toEqual({ kind: 'newer', version: CODEC_VERSION + 1 });
    expect(d.state.prompt.text).toBe('the money in the bank was safe and sound');
  });

  it('runs migrations from older versions in order', () => {
    // A hypothetical version 0 that stored the prompt as a bare string.
    MIGRATIONS[0] = (raw) => ({ ...raw, prompt: { text: raw.prompt } });
    try {
      const d = decode(`0.${compressToEncodedURIComponent(JSON.stringify({ prompt: 'old link' }))}`);
      expect(d.problems).toEqual([]);
      expect(d.state.prompt.text).toBe('old link');
    } finally {
      delete MIGRATIONS[0];
    }
  });

  it('reads version-1 links, made when the untrained model was the default, with that model', () => {
    expect(decode('1.').state.model.id).toBe('random-gpt');
    const v1 = (raw: unknown) => `1.${compressToEncodedURIComponent(JSON.stringify(raw))}`;
    const d = decode(v1({ prompt: { text: 'an old lesson' } }));
    expect(d.problems).toEqual([]);
    expect(d.state.model.id).toBe('random-gpt');
    expect(d.state.prompt.text).toBe('an old lesson');
    expect(decode(v1({ model: { id: 'tiny-bert' } })).state.model.id).toBe('tiny-bert');
    // The current version leaves the (new) default out and reads it back.
    expect(encode(chosenDefaults)).toBe(`${CODEC_VERSION}.`);
    expect(decode(encode(chosenDefaults)).state.model.id).toBe('tiny-gpt');
  });

  it('reads version-2 links, made before "Centre each layer", with the drift plot uncentred', () => {
    expect(decode('2.').state.drift.centre).toBe(false);
    const v2 = (raw: unknown) => `2.${compressToEncodedURIComponent(JSON.stringify(raw))}`;
    const d = decode(v2({ drift: { word: 'bat' } }));
    expect(d.problems).toEqual([]);
    expect(d.state.drift).toEqual({ ...chosenDefaults.drift, word: 'bat', centre: false });
    expect(chosenDefaults.drift.centre).toBe(true);
    expect(decode(encode(chosenDefaults)).state.drift.centre).toBe(true);
    expect(decode(encode({ ...chosenDefaults, drift: { ...chosenDefaults.drift, centre: false } })).state.drift.centre).toBe(false);
  });

  it('fits a lesson with five custom drift sentences and a custom few-shot task in under 2,000 characters', () => {
    const s: Chosen = {
      ...chosenDefaults,
      prompt: { text: 'the fisherman sat on the bank and waited for the fish' },
      view: { current: 'drift' },
      drift: {
        ...chosenDefaults.drift,
        sentences: [
          { text: 'we walked along the bank of the river at sunset', sense: 'river' },
          { text: 'the boat drifted towards the muddy bank', sense: 'river' },
          { text: 'grass grew thick on the steep bank above the stream', sense: 'river' },
          { text: 'she opened a savings account at the bank', sense: 'money' },
          { text: 'the bank raised its interest rates again this year', sense: 'money' },
        ],
      },
      prompting: {
        ...chosenDefaults.prompting,
        custom: {
          instruction: 'give the plural of each word',
          examples: [
            { input: 'cat', output: 'cats' },
            { input: 'box', output: 'boxes' },
            { input: 'child', output: 'children' },
            { input: 'mouse', output: 'mice' },
          ],
          queries: [
            { input: 'dog', output: 'dogs' },
            { input: 'man', output: 'men' },
            { input: 'bus', output: 'buses' },
          ],
        },
      },
    };
    const link = `https://example.org/transformer-playground/#s=${encode(s)}`;
    console.log(`lesson link length: ${link.length} characters`);
    expect(link.length).toBeLessThan(2000);
    expect(decode(encode(s)).state).toEqual(s);
  });
});
