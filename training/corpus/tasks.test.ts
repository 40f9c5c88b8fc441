import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TaskPair } from '../../src/analysis/fewshot';
import { holdOutAcrossTasks, inputKey, WORD_TASKS } from './tasks';

const pairs = (s: string): TaskPair[] =>
  s
    .split(',')
    .map((x) => x.trim().split('>'))
    .map(([input, output]) => ({ input: input as string, output: output as string }));

describe('holdOutAcrossTasks', () => {
  it('holds a word out in every word task, keeps opposites whole, and repeats until stable', () => {
    const tasks = [
      { id: 'antonym', train: pairs('cold>hot, big>small, small>big, wet>dry, dry>wet'), heldOut: pairs('hot>cold') },
      { id: 'en-fr', train: pairs('hot>chaud, cold>froid, dry>sec, dog>chien'), heldOut: pairs('big>grand') },
      { id: 'plural', train: pairs('dog>dogs, cold>colds'), heldOut: [] },
      // Not a word task: its pairs are left alone even where they share a word.
      { id: 'sentiment', train: pairs('hot>negative'), heldOut: [] },
    ];
    holdOutAcrossTasks(tasks);
    const byId = Object.fromEntries(tasks.map((t) => [t.id, t]));
    const ins = (ps: TaskPair[]) => ps.map((p) => `${p.input}>${p.output}`).sort();
    // "hot" and, through the reversed pair cold>hot, "cold"; "big" (held out in en-fr) takes big/small with it.
    expect(ins(byId.antonym?.heldOut ?? [])).toEqual(['big>small', 'cold>hot', 'hot>cold', 'small>big']);
    expect(ins(byId.antonym?.train ?? [])).toEqual(['dry>wet', 'wet>dry']);
    expect(ins(byId['en-fr']?.heldOut ?? [])).toEqual(['big>grand', 'cold>froid', 'hot>chaud']);
    expect(ins(byId['en-fr']?.train ?? [])).toEqual(['dog>chien', 'dry>sec']);
    expect(ins(byId.plural?.heldOut ?? [])).toEqual(['cold>colds']);
    expect(ins(byId.sentiment?.train ?? [])).toEqual(['hot>negative']);
    // The split's own held-out pairs stay first (the view's first queries do not move).
    expect(byId.antonym?.heldOut[0]).toEqual({ input: 'hot', output: 'cold' });
  });
});

describe('on the shipped tasks.json', () => {
  it('leaves no held-out input of a word task trained in another, keeps every held-out pair and the first queries', () => {
    const file = JSON.parse(readFileSync('public/data/tasks.json', 'utf8')) as {
      tasks: { id: string; train: TaskPair[]; heldOut: TaskPair[] }[];
    };
    const word = (ts: typeof file.tasks) => ts.filter((t) => WORD_TASKS.includes(t.id));
    const clashes = (ts: typeof file.tasks) => {
      const held = new Set(word(ts).flatMap((t) => t.heldOut.map((p) => inputKey(p.input))));
      return word(ts).flatMap((t) => t.train.filter((p) => held.has(inputKey(p.input))).map((p) => `${t.id}: ${p.input}`));
    };
    // The default build splits each task on its own: "hot -> chaud" is trained while "hot -> cold" is held out.
    expect(clashes(file.tasks)).toContain('en-fr: hot');
    const shared = file.tasks.map((t) => ({ id: t.id, train: [...t.train], heldOut: [...t.heldOut] }));
    holdOutAcrossTasks(shared);
    expect(word(shared)).toHaveLength(4);
    expect(clashes(shared)).toEqual([]);
    shared.forEach((t, i) => {
      const before = file.tasks[i] as (typeof file.tasks)[number];
      expect(t.heldOut.slice(0, before.heldOut.length)).toEqual(before.heldOut);
      expect(t.train.length + t.heldOut.length).toBe(before.train.length + before.heldOut.length);
    });
    const opp = shared.find((t) => t.id === 'antonym');
    const heldPairs = new Set(opp?.heldOut.map((p) => `${inputKey(p.output)}>${inputKey(p.input)}`));
    expect(opp?.train.filter((p) => heldPairs.has(`${inputKey(p.input)}>${inputKey(p.output)}`))).toEqual([]);
  });
});
