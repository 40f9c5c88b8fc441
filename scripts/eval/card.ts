/** The model card in Markdown, for README.md (between the card markers). */
import type { ModelEval } from '../eval';
import { APP_DEFAULTS } from './fewshot';
import { mdTable, pct } from './markers';

interface TargetRow {
  model: string;
  target: string;
  measured: string;
  met: boolean;
  note?: string;
}

type Card = Record<string, unknown>;

const int = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en');
const fix = (n: number | null | undefined, d = 3) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));

function corpusSection(card: Card | undefined): string {
  const corpus = card?.corpus as {
    parts?: Record<string, { docs: number; tokens: number }>;
    trainTokens?: number;
    valTokens?: number;
    seed?: number;
  };
  if (!corpus?.parts) return '';
  const parts = Object.entries(corpus.parts).sort((a, b) => b[1].tokens - a[1].tokens);
  const total = corpus.trainTokens ?? parts.reduce((s, [, p]) => s + p.tokens, 0);
  const rows = parts.map(([name, p]) => [name, int(p.docs), int(p.tokens), pct(p.tokens / total)]);
  rows.push(['**total (train)**', '', `**${int(total)}**`, '100%']);
  rows.push(['validation stream', '', int(corpus.valTokens), '']);
  return `### Corpus mix (both models, corpus seed ${corpus.seed ?? '–'})\n\n${mdTable(['part', 'documents', 'tokens', 'share'], rows)}\n\nSources and licences: \`training/README.md\`, \`training/LICENSES.md\`.`;
}

type TrainingFacts = Record<string, number | string | null> & {
  continuedFrom?: { training?: Record<string, number | string | null> | null; validationLoss?: number | null } | null;
};

function trainingSection(evals: readonly ModelEval[], cards: Record<string, Card>): string {
  const num = (x: unknown) => (typeof x === 'number' ? x : 0);
  const rows = evals.map((e) => {
    const t = (cards[e.id]?.training ?? {}) as TrainingFacts;
    const v = (cards[e.id]?.validation ?? {}) as { loss?: number; perplexity?: number };
    const p1 = t.continuedFrom?.training ?? null;
    const wall = num(t.wallSeconds) + num(p1?.wallSeconds);
    const steps = `${int(t.steps as number)} / ${int(t.plannedSteps as number)}`;
    return [
      e.id,
      e.objective === 'clm' ? 'causal LM' : 'masked LM (15%)',
      p1 ? `${int(p1.steps as number)} / ${int(p1.plannedSteps as number)} + ${steps}` : steps,
      int(num(t.tokensSeen) + num(p1?.tokensSeen)),
      wall ? `${(wall / 60).toFixed(0)} min` : '–',
      `${fix(v.loss)} / ${fix(v.perplexity, 1)}`,
      e.validation
        ? `${fix(e.validation.loss)} / ${fix(e.validation.perplexity, 1)} (${int(e.validation.targets)} targets)`
        : 'val.bin absent',
    ];
  });
  const hw = (cards[evals[0]?.id ?? '']?.hardware as string | undefined) ?? '–';
  const t0 = (cards[evals[0]?.id ?? '']?.training ?? {}) as TrainingFacts;
  const p10 = t0.continuedFrom?.training ?? null;
  const phases = evals
    .map((e) => {
      const t = (cards[e.id]?.training ?? {}) as TrainingFacts;
      if (!t.continuedFrom?.training) return '';
      const p1 = t.continuedFrom.training;
      const copy =
        num(t.copyShare) > 0
          ? `, with ${(100 * num(t.copyShare)).toFixed(0)}% of every batch replaced by repeated random-token rows (an induction curriculum)`
          : '';
      return `${e.id}: phase 1 ran ${int(p1.steps as number)} of ${int(p1.plannedSteps as number)} planned steps (peak LR ${p1.peakLr}, ${p1.warmup} warm-up steps; trainer val loss ${fix(t.continuedFrom.validationLoss ?? undefined)}), phase 2 ${int(t.steps as number)} steps from those weights (fresh optimizer, peak LR ${t.peakLr}, ${t.warmup} warm-up steps${copy}).`;
    })
    .filter(Boolean)
    .join(' ');
  const common = `Batch ${t0.batch ?? '–'} × ${t0.contextLength ?? '–'} tokens, ${t0.optimizer ?? '–'}, ${t0.schedule ?? '–'}, seed ${t0.seed ?? '–'}; ${hw}, ${t0.threads ?? '–'} thread per run${p10 ? ' (phase 1: both runs at once; phase 2: one after the other)' : `, peak LR ${t0.peakLr ?? '–'}, both runs at once`}.`;
  return `### Training and validation

${mdTable(['model', 'objective', 'steps done / planned', 'training tokens seen', 'wall time', 'val loss / ppl (trainer)', 'val loss / ppl (recomputed here)'], rows)}

${common}${phases ? ` ${phases}` : ''} The trainer's validation figure is its own (4 × 32 random windows of the validation stream); the recomputed one uses the TypeScript engine on evenly spaced windows of \`training/data/val.bin\` (for tiny-bert: masked-token loss with the trainer's 15% / 80-10-10 rule and a seeded generator, so not the same masks). A run stopped by its time limit shows fewer steps done than planned.`;
}

function sensesSection(evals: readonly ModelEval[]): string {
  const gpt = evals.find((e) => e.objective === 'clm');
  const bert = evals.find((e) => e.objective === 'mlm');
  const bank = (e?: ModelEval) => e?.senses.find((w) => w.word === 'bank');
  const g = bank(gpt);
  const b = bank(bert);
  const L = Math.max(g?.layers.length ?? 0, b?.layers.length ?? 0);
  const head = ['layer'];
  if (g) head.push(`${gpt?.id} all`, `${gpt?.id} cue before`, `${gpt?.id} cue after`);
  if (b) head.push(`${bert?.id} all`);
  if (g) head.push(`${gpt?.id} balanced`, `${gpt?.id} with position`, `${gpt?.id} centred`);
  if (b) head.push(`${bert?.id} balanced`, `${bert?.id} with position`, `${bert?.id} centred`);
  const rows: string[][] = [];
  for (let l = 0; l < L; l++) {
    const r = [String(l)];
    if (g) r.push(pct(g.layers[l]?.accuracy), pct(g.cueBefore[l]?.accuracy), pct(g.cueAfter[l]?.accuracy));
    if (b) r.push(pct(b.layers[l]?.accuracy));
    if (g) r.push(pct(g.layers[l]?.balanced), pct(g.layersRaw[l]?.accuracy), pct(g.layersCentred[l]?.accuracy));
    if (b) r.push(pct(b.layers[l]?.balanced), pct(b.layersRaw[l]?.accuracy), pct(b.layersCentred[l]?.accuracy));
    rows.push(r);
  }
  const ref = g ?? b;
  const counts = ref
    ? Object.entries(ref.counts)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ')
    : '';
  const cueN = g ? `${g.cueBefore[0]?.scored ?? 0} with the cue before the word, ${g.cueAfter[0]?.scored ?? 0} after` : '';
  const words = [...new Set(evals.flatMap((e) => e.senses.map((w) => w.word)))].filter((w) => w !== 'bank');
  const otherRows = words.map((w) => {
    const gw = gpt?.senses.find((x) => x.word === w);
    const bw = bert?.senses.find((x) => x.word === w);
    const n = Object.entries((gw ?? bw)?.counts ?? {})
      .map(([s, c]) => `${c} ${s}`)
      .join(', ');
    return [
      w,
      n,
      gw ? `${pct(gw.best.accuracy)} (L${gw.best.layer})` : '–',
      gw ? `${pct(gw.bestCueBefore.accuracy)} (L${gw.bestCueBefore.layer})` : '–',
      bw ? `${pct(bw.best.accuracy)} (L${bw.best.layer})` : '–',
      pct((gw ?? bw)?.majority),
    ];
  });
  const only = g ? g.cueBeforeOnly.map((x) => pct(x.accuracy)).join(' → ') : '';
  return `### Sense separation ("bank" and the other preset words)

Leave-one-out nearest-centroid accuracy (cosine, \`src/analysis/senses.ts\`) of the word's residual vector at each layer, on the held-out sentences of \`public/data/polysemy.json\` (never in training): "bank" has ${counts}${cueN ? `; ${cueN}` : ''}. As in the drift view's default, the position vector \`wpe[position]\` is subtracted at every layer, so layer 0 is the static embedding of "bank", the same in every sentence: its accuracy is the tie-break (the first sense for every sentence), i.e. the share of that sense, not information. "cue before/after" score the same leave-one-out predictions on the sentences whose sense cue comes before/after the word (a causal model cannot see a cue after the word). "balanced" is the mean recall of the two senses (chance = 50%); "with position" keeps \`wpe\` in the vector; "centred" subtracts each layer's mean vector over the sentences before the cosine (how the offline NumPy check \`training/eval/evaluate.py\` scores). Headline and targets: the first columns (the drift view's metric); the last ones are secondary. Majority share for "bank": ${pct(ref?.majority)}.

${mdTable(head, rows)}
${g ? `\nLeave-one-out among the cue-before sentences only (${gpt?.id}, layers 0–${L - 1}): ${only}.\n` : ''}
Other preset words, best layer (all sentences; for ${gpt?.id ?? 'GPT'} also the cue-before subset):

${mdTable(['word', 'sentences', `${gpt?.id ?? 'gpt'} all`, `${gpt?.id ?? 'gpt'} cue before`, `${bert?.id ?? 'bert'} all`, 'majority share'], otherRows)}

Sentences longer than the context are cut to a window around the word (causal: ending at the word; masked: centred on it).`;
}

function fewShotSection(e: ModelEval | undefined): string {
  if (!e || e.fewShot.length === 0) return '';
  const blocks = e.fewShot.map((f) => {
    const head = ['task', 'queries', ...f.ks.map((k) => `k=${k}`)];
    const rows = f.tasks.map((t) => [
      t.task,
      String(t.queries),
      ...t.cells.map((c) => `${pct(c.correct / c.total, 0)}${c.shortened ? `*` : ''}`),
    ]);
    rows.push(['**average**', '', ...f.average.map((a) => `**${pct(a.accuracy)}**`)]);
    rows.push(['average, view rule', '', ...f.average.map((a) => pct(a.strict))]);
    const title =
      f.setting === 'app'
        ? `**Headline — the prompting view's defaults** (format \`${APP_DEFAULTS.format}\`, seed ${APP_DEFAULTS.seed}, instruction line in every prompt; zero-shot = instruction + query)`
        : '**Without any instruction line** (zero-shot = the bare query `x -> `)';
    return `${title}\n\n${mdTable(head, rows)}`;
  });
  const q = e.fewShot[0]?.tasks.map((t) => t.queries) ?? [];
  return `### Few-shot prompting (${e.id})

Held-out pairs of \`public/data/tasks.json\` (never in training), prompts built by the prompting view's code (\`src/analysis/prompting.ts\` → \`fewshot.ts\`): the same seeded example draws (a k-shot prompt uses the first k of one draw per query), the same context fitting (examples dropped until the answer fits; cells marked * had prompts shortened), greedy answer until a newline, [SEP] or the separator. Queries: the first ${Math.max(...q, 0)} (or all, when fewer) of the batch run's seeded order per task. Score: \`answerMatches\` of \`fewshot.ts\` (the expected words, in order, start the answer); "view rule" is the prompting view's stricter \`isCorrect\` (the whole answer equals the expected one, spaces ignored). Averages weigh every task equally.

${blocks.join('\n\n')}`;
}

function inductionSection(evals: readonly ModelEval[]): string {
  const rows = evals.map((e) => {
    const i = e.induction;
    const perLayer = i.heads.map((r) => Math.max(...r).toFixed(2)).join(' / ');
    return [
      e.id,
      e.objective === 'clm' ? fix(i.lossFirst) : 'n/a (MLM)',
      e.objective === 'clm' ? fix(i.lossSecond) : 'n/a',
      e.objective === 'clm' ? fix(i.ratio) : 'n/a',
      `${fix(i.best.score)} (L${i.best.layer} H${i.best.head})`,
      perLayer,
    ];
  });
  const i0 = evals[0]?.induction;
  return `### Induction (repeated random tokens)

${i0?.sequences ?? 0} seeded blocks of ${i0?.blockLength ?? 0} random word tokens (letters only, as the attention view draws them), each repeated twice with nothing before it. Loss: mean next-token cross-entropy on the first copy (targets 1…n−1) vs the second copy (targets n+1…2n−1, each following a token seen before). Prefix matching: \`inductionScore\` of \`src/analysis/attention.ts\` (attention from position n+i to i+1), mean over the blocks; for the masked model only prefix matching is meaningful.

${mdTable(['model', 'loss 1st copy', 'loss 2nd copy', 'ratio', 'best head', 'best head per layer (L0 / L1 / …)'], rows)}`;
}

function samplesSection(e: ModelEval | undefined): string {
  if (!e || e.samples.length === 0) return '';
  const items = e.samples.map(
    (s) =>
      `- \`${s.prompt.replace(/\n/g, '↵')}\` **→** ${s.continuation.replace(/\n/g, ' ↵ ').replace(/`/g, "'").trim() || '(ended at once)'}`,
  );
  return `### Sampled continuations (${e.id})

Temperature 0.8, no top-k/top-p, up to ${e.samples[0]?.max ?? 0} tokens (fewer when [SEP] is drawn) (a continuation that starts with a word piece, e.g. \`##s\`, completes the prompt's last word), the app's sampler (\`src/model/generate.ts\`) with seeds ${e.samples.map((s) => s.seed).join(', ')}:

${items.join('\n')}`;
}

export function renderCard(
  evals: readonly ModelEval[],
  targets: readonly TargetRow[],
  size: { weights: number; all: number },
  cards: Record<string, Card>,
): string {
  const gpt = evals.find((e) => e.objective === 'clm');
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const status = evals.map((e) => `${e.id} step ${e.step ?? '?'} (${e.status ?? '?'})`).join(', ');
  const targetRows = targets.map((t) => [t.target, t.model, t.measured + (t.note ? ` — ${t.note}` : ''), t.met ? 'yes' : '**no**']);
  const sizeRows = evals.map((e) => [e.id, int(e.parameters), int(e.weightsBytes), `${(e.weightsBytes / 1e6).toFixed(2)} MB`]);
  sizeRows.push(['all shipped weights (incl. random-gpt)', '', int(size.weights), `${(size.weights / 1e6).toFixed(2)} MB`]);
  const secs = evals.reduce((s, e) => s + e.seconds, 0);
  return `_Generated by \`npm run eval\` on ${when} UTC from ${status}, with the app's TypeScript engine (TensorFlow.js, WASM backend, Node); ${Math.round(secs)} s. Figures in \`public/models/<id>/card.json\` → \`metrics\`._

### Targets

${mdTable(['target', 'model', 'measured', 'met'], targetRows)}

### Size

${mdTable(['model', 'parameters', 'weight bytes (float16)', 'size'], sizeRows)}

Config: vocabulary 4,000, d 128, 4 heads, 4 layers, MLP 512, context 128, tied output embedding.

${corpusSection(cards[gpt?.id ?? evals[0]?.id ?? ''])}

${trainingSection(evals, cards)}

${sensesSection(evals)}

${fewShotSection(gpt)}

${inductionSection(evals)}

${samplesSection(gpt)}`;
}
