/**
 * The recall stream (built by `build.ts` unless `--no-recall-stream`, training/data/recall.bin): opposites that no task uses, taken
 * from WordNet's antonym links, each stated many times in prose and asked in the antonym task's episode format only
 * a couple of times. A held-out query of the prompting view is answered from prose facts, never from an episode;
 * on the shipped corpus every antonym the model meets in an episode is one it has drilled there, so nothing in
 * training rewards recalling a prose fact in the episode format. This stream does, with pairs that are not test
 * items of any task. Not part of train.bin; the trainer mixes it in with `--stream recall.bin:SHARE`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEpisode, FORMATS, type TaskPair } from '../../src/analysis/fewshot';

/** Word-level antonym links of WordNet adjectives and verbs ("!" pointers), as [word, antonym], both ways. */
export function wordnetAntonyms(dictDir: string): [string, string][] {
  const out = new Map<string, [string, string]>();
  for (const file of ['data.adj', 'data.verb']) {
    const lines = readFileSync(join(dictDir, file), 'utf8').split('\n');
    const words = new Map<string, string[]>();
    const ptrs: { from: string[]; src: number; off: string; tgt: number }[] = [];
    for (const line of lines) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      const f = (line.split(' | ')[0] as string).trim().split(' ');
      const wCnt = Number.parseInt(f[3] as string, 16);
      const ws: string[] = [];
      for (let w = 0; w < wCnt; w++) ws.push((f[4 + 2 * w] as string).replace(/\(.*\)$/, '').toLowerCase());
      words.set(f[0] as string, ws);
      let i = 4 + 2 * wCnt;
      const pCnt = Number.parseInt(f[i] as string, 10);
      i++;
      for (let p = 0; p < pCnt; p++, i += 4) {
        if (f[i] !== '!') continue;
        const st = f[i + 3] as string;
        ptrs.push({ from: ws, src: Number.parseInt(st.slice(0, 2), 16), off: f[i + 1] as string, tgt: Number.parseInt(st.slice(2), 16) });
      }
    }
    for (const p of ptrs) {
      const a = p.from[p.src - 1];
      const b = words.get(p.off)?.[p.tgt - 1];
      if (!a || !b || a === b) continue;
      out.set(`${a}|${b}`, [a, b]);
    }
  }
  return [...out.values()].sort((x, y) => (x[0] + x[1] < y[0] + y[1] ? -1 : 1));
}

/**
 * Episodes of a task (here the antonym task; the rule stream of rules.ts uses it for plural and past tense) whose
 * query is one of `pairs`, examples drawn from the task's training pairs (`drilled`) and from `pairs`, in the task's
 * formats, an instruction line in `instructionShare` of them (paraphrases only).
 */
export function recallEpisodes(
  pairs: readonly TaskPair[],
  drilled: readonly TaskPair[],
  formats: readonly string[],
  paraphrases: readonly string[],
  perPair: number,
  instructionShare: number,
  rand: () => number,
  fits: (text: string) => boolean,
): string[] {
  const out: string[] = [];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const inputs = new Set([...drilled, ...pairs].map((e) => e.input));
  for (let r = 0; r < perPair; r++) {
    for (const q of pairs) {
      // A quirk, kept because the shipped tiny-gpt was trained on the stream it makes: `find` draws a new pick for
      // every format it compares, so the formats are not equally likely and a miss falls back to the first one.
      // Drawing once (`formatById(pick(formats))`) would change recall.bin and with it `npm run train`'s result.
      const format = FORMATS.find((f) => f.id === pick(formats)) ?? (FORMATS[0] as (typeof FORMATS)[number]);
      const pool = inputs.size - (inputs.has(q.input) ? 1 : 0); // distinct inputs an example may have
      let k = Math.min(pool, 1 + Math.floor(rand() * 8));
      const examples: TaskPair[] = [];
      while (examples.length < k) {
        const e = rand() < 0.5 ? pick(drilled) : pick(pairs);
        if (e.input !== q.input && !examples.some((x) => x.input === e.input)) examples.push(e);
      }
      const instruction = rand() < instructionShare ? pick(paraphrases) : null;
      for (; k >= 1; k--) {
        const text = buildEpisode({ instruction, examples: examples.slice(0, k), query: q.input, format }, q.output);
        if (fits(text)) {
          out.push(text);
          break;
        }
      }
    }
  }
  return out;
}
