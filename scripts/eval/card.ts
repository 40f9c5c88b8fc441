/** The model card in Markdown, for README.md (between the card markers). */

import { samplingDefaults } from '../../src/state/slices/sampling';
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

/** One text when every model's is the same, else "id: text" for each. */
function sharedOrEach(items: readonly (readonly [string, string])[]): string {
  if (items.every(([, t]) => t === items[0]?.[1])) return items[0]?.[1] ?? '';
  return items.map(([id, t]) => `${id}: ${t}`).join('; ');
}

type CorpusFacts = { folder?: string; instructions?: { share: number; appLine: boolean } };
const corpusOf = (cards: Record<string, Card>, id: string) => (cards[id] as { corpus?: CorpusFacts } | undefined)?.corpus;

function configLine(evals: readonly ModelEval[], cards: Record<string, Card>): string {
  const lines = evals
    .filter((e) => cards[e.id]?.config)
    .map((e) => {
      const c = cards[e.id]?.config as Record<string, number>;
      const text = `vocabulary ${int(c.vocabSize)}, d ${c.dModel}, ${c.nHeads} heads, ${c.nLayers} layers, MLP ${c.dMlp}, context ${c.contextLength}, tied output embedding`;
      return [e.id, text] as const;
    });
  return lines.length ? `Config: ${sharedOrEach(lines)}.` : '';
}

function samplingSummary(): string {
  const d = samplingDefaults;
  return `temperature ${d.temperature}, ${d.topK ? `top-k ${d.topK}` : 'no top-k'}, ${d.topP < 1 ? `top-p ${d.topP}` : 'no top-p'}, up to ${d.maxTokens} tokens`;
}

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
  continuedFrom?: {
    /** The model whose weights this run started from (absent in older cards: this model). */
    model?: string;
    training?: Record<string, number | string | null> | null;
    validationLoss?: number | null;
  } | null;
};

/** The runs behind a model, first to last: each card's `continuedFrom.training`, followed to the first run. */
interface Run {
  facts: TrainingFacts;
  /** The model these weights were trained as (an earlier run may be another model: a warm start). */
  model: string;
  /** The trainer's validation loss at the end of this run (null where the card does not say). */
  valLoss: number | null;
}

function runsOf(id: string, card: Card | undefined): Run[] {
  const runs: Run[] = [];
  let facts = (card?.training ?? null) as TrainingFacts | null;
  let model = id;
  let valLoss = ((card?.validation ?? {}) as { loss?: number }).loss ?? null;
  while (facts) {
    runs.unshift({ facts, model, valLoss });
    const c = facts.continuedFrom;
    if (!c?.training) break;
    model = c.model ?? model;
    valLoss = c.validationLoss ?? null;
    facts = c.training as TrainingFacts;
  }
  return runs;
}

function trainingSection(evals: readonly ModelEval[], cards: Record<string, Card>): string {
  const num = (x: unknown) => (typeof x === 'number' ? x : 0);
  const runsById = new Map(evals.map((e) => [e.id, runsOf(e.id, cards[e.id])]));
  const rows = evals.map((e) => {
    const runs = runsById.get(e.id) ?? [];
    const v = (cards[e.id]?.validation ?? {}) as { loss?: number; perplexity?: number };
    const wall = runs.reduce((s, r) => s + num(r.facts.wallSeconds), 0);
    return [
      e.id,
      e.objective === 'clm' ? 'causal LM' : 'masked LM (15%)',
      runs.map((r) => `${int(r.facts.steps as number)} / ${int(r.facts.plannedSteps as number)}`).join(' + '),
      int(runs.reduce((s, r) => s + num(r.facts.tokensSeen), 0)),
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
  const pct0 = (x: unknown) => `${(100 * num(x)).toFixed(0)}%`;
  const extras = (t: Record<string, unknown>) => {
    const parts: string[] = [];
    if (num(t.copyShare) > 0) parts.push(`${pct0(t.copyShare)} of every batch repeated random-token rows (induction curriculum)`);
    const streams = Object.entries((t.streams ?? {}) as Record<string, number>);
    if (streams.length) parts.push(streams.map(([f, sh]) => `${pct0(sh)} from ${f}`).join(', '));
    const cw = t.contextWords as { weight?: number; window?: number; layers?: number } | null | undefined;
    if (cw?.weight)
      parts.push(
        `context-words objective, weight ${cw.weight}: a training-only head, not shipped, predicts from each position's vector after the ${(cw.layers ?? 1) > 1 ? `last ${cw.layers} blocks` : 'last block'} the content words within ${cw.window} positions of it in its document`,
      );
    const pc = t.contrast as { weight?: number; layers?: number; window?: number } | null | undefined;
    if (pc?.weight)
      parts.push(
        `passage contrast, weight ${pc.weight}: the cosine of a content word's vector (last ${pc.layers} blocks) with another of its passage within ${pc.window} positions against those of the other rows`,
      );
    const tc = t.topicContrast as { weight?: number; layers?: number; topics?: number; temperature?: number } | null | undefined;
    if (tc?.weight)
      parts.push(
        `topic contrast, weight ${tc.weight}: the training documents clustered into ${tc.topics} topics (k-means on their content words' embeddings), and a supervised-contrastive loss (temperature ${tc.temperature}) on the cosines of content-word vectors after each of the last ${tc.layers} blocks pulls those of one topic together and pushes the others apart; no weights are added`,
      );
    const an = t.anchor as { weight?: number; to?: string } | null | undefined;
    if (an?.weight)
      parts.push(
        `anchor, weight ${an.weight}: the KL divergence from the start model's next-token distribution (${an.to}, frozen) to this model's, at every position, so the other objectives reshape the vectors while the predictions stay close to the start model's`,
      );
    const ah = t.anchorHidden as { weight?: number; layer?: number; to?: string } | null | undefined;
    if (ah?.weight)
      parts.push(
        `hidden anchor, weight ${ah.weight}: the squared distance of each position's vector after block ${ah.layer} from the start model's (${ah.to}, frozen), relative to its squared norm, on the prose rows of the training text (no episode, stream or repeated-token row), so the sense geometry stays while the streams change the task answers`,
      );
    return parts.length ? `; ${parts.join('; ')}` : '';
  };
  const phases = evals
    .map((e) => {
      const runs = runsById.get(e.id) ?? [];
      if (runs.length < 2) return '';
      const corpus = corpusOf(cards, e.id);
      const ins = corpus?.instructions;
      const on = ins
        ? ` on ${corpus?.folder ? `\`${corpus.folder}\`` : 'its corpus'} (instruction lines in ${pct0(ins.share)} of the task episodes, ${ins.appLine ? "the app's own line among them" : "never the app's own line"})`
        : '';
      const described = runs.map((r, i) => {
        const t = r.facts;
        const as =
          r.model === e.id
            ? ''
            : runsById.has(r.model)
              ? ` as ${r.model} (a warm start from that shipped model)`
              : ` as ${r.model} (not shipped: the same architecture trained as a causal model, a warm start)`;
        const steps =
          num(t.steps) < num(t.plannedSteps)
            ? `${int(t.steps as number)} of ${int(t.plannedSteps as number)} planned steps`
            : `${int(t.steps as number)} steps`;
        const last = i === runs.length - 1;
        return `phase ${i + 1}${as}: ${steps} (${i ? 'fresh optimizer, ' : ''}peak LR ${t.peakLr}, ${t.warmup} warm-up steps${extras(t as Record<string, unknown>)}${last ? '' : `; trainer val loss ${fix(r.valLoss ?? undefined)}`})`;
      });
      return `${e.id}${on}, ${described.join('; then ')}, each phase from the weights of the one before.`;
    })
    .filter(Boolean)
    .join(' ');
  const valFiles = sharedOrEach(evals.map((e) => [e.id, `\`${corpusOf(cards, e.id)?.folder ?? 'training/data'}/val.bin\``] as const));
  const common = `Batch ${t0.batch ?? '–'} × ${t0.contextLength ?? '–'} tokens, ${t0.optimizer ?? '–'}, ${t0.schedule ?? '–'}, seed ${t0.seed ?? '–'}; ${hw}, ${t0.threads ?? '–'} thread per run${p10 ? '' : `, peak LR ${t0.peakLr ?? '–'}`}. Steps, tokens and wall time count every phase behind a model (for a warm start, the phases of the model it started from); which runs shared the machine is in \`training/README.md\`.`;
  return `### Training and validation

${mdTable(['model', 'objective', 'steps done / planned', 'training tokens seen', 'wall time', 'val loss / ppl (trainer)', 'val loss / ppl (recomputed here)'], rows)}

${common}${phases ? ` ${phases}` : ''} The trainer's validation figure is its own (4 × 32 random windows of the validation stream); the recomputed one uses the TypeScript engine on evenly spaced windows of the validation stream of the model's own corpus (${valFiles}), few enough that a window on a block of random tokens moves it (for tiny-bert: masked-token loss with the trainer's 15% / 80-10-10 rule and a seeded generator, so not the same masks). A run stopped early (by its time limit or \`--stop-after\`) shows fewer steps done than planned.`;
}

function sensesSection(evals: readonly ModelEval[]): string {
  const gpt = evals.find((e) => e.objective === 'clm');
  const bert = evals.find((e) => e.objective === 'mlm');
  const bank = (e?: ModelEval) => e?.senses.find((w) => w.word === 'bank');
  const g = bank(gpt);
  const b = bank(bert);
  const L = Math.max(g?.layers.length ?? 0, b?.layers.length ?? 0);
  const head = ['layer'];
  if (b) head.push(`${bert?.id} real`, 'balanced', 'cosine gap', `${bert?.id} classroom`, `${bert?.id} all`);
  if (g) head.push(`${gpt?.id} real`, 'real, cue before', `${gpt?.id} classroom`, 'classroom, cue before', `${gpt?.id} all`);
  const rows: string[][] = [];
  for (let l = 0; l < L; l++) {
    const r = [String(l)];
    if (b)
      r.push(
        pct(b.real?.layers[l]?.accuracy),
        pct(b.real?.layers[l]?.balanced),
        fix(b.real?.layers[l]?.gap),
        pct(b.classroom?.layers[l]?.accuracy),
        pct(b.layers[l]?.accuracy),
      );
    if (g)
      r.push(
        pct(g.real?.layers[l]?.accuracy),
        pct(g.real?.cueBefore[l]?.accuracy),
        pct(g.classroom?.layers[l]?.accuracy),
        pct(g.classroom?.cueBefore[l]?.accuracy),
        pct(g.layers[l]?.accuracy),
      );
    rows.push(r);
  }
  const ref = b ?? g;
  const counts = (c?: Record<string, number>) =>
    Object.entries(c ?? {})
      .map(([sense, n]) => `${n} ${sense}`)
      .join(', ');
  const cueN = g?.real
    ? `; ${g.real.cueBefore[0]?.scored ?? 0} of the real ones and ${g.classroom?.cueBefore[0]?.scored ?? 0} classroom ones have a cue word before "bank"`
    : '';
  const words = [...new Set(evals.flatMap((e) => e.senses.map((w) => w.word)))].filter((w) => w !== 'bank');
  const otherRows = words.map((w) => {
    const gw = gpt?.senses.find((x) => x.word === w);
    const bw = bert?.senses.find((x) => x.word === w);
    return [
      w,
      counts((bw ?? gw)?.counts),
      bw ? `${pct(bw.best.accuracy)} (L${bw.best.layer})` : '–',
      bw ? pct(bw.layers[bw.best.layer]?.balanced) : '–',
      bw?.classroom ? `${pct(bw.classroom.best.accuracy)} (L${bw.classroom.best.layer})` : '–',
      gw ? `${pct(gw.best.accuracy)} (L${gw.best.layer})` : '–',
      gw ? `${pct(gw.bestCueBefore.accuracy)} (L${gw.bestCueBefore.layer})` : '–',
      pct((bw ?? gw)?.majority),
    ];
  });
  return `### Sense separation ("bank" and the other preset words)

Leave-one-out nearest-centroid accuracy (cosine, \`src/analysis/senses.ts\`, the drift view's number) of the word's residual vector at each layer, on the held-out sentences of \`public/data/polysemy.json\`, none of which is in the training text: **real** sentences from the Brown corpus and WordNet (labelled by hand; "bank": ${counts(ref?.real?.counts)}, majority share ${pct(ref?.real?.majority)}) and **classroom** sentences written for the evaluation, before training, by someone who had not seen the corpus (\`training/eval-items/independent.json\`; ${counts(ref?.classroom?.counts)})${cueN}. Leave-one-out runs within each group ("all": both groups together). As in the drift view, the position vector \`wpe[position]\` is subtracted at every layer, so layer 0 is the static embedding, the same in every sentence: its accuracy is a tie-break, not information. "cue before" scores the same predictions on the sentences with a cue word of their sense before the word (a causal model cannot see a cue after it). "balanced" is the mean recall of the two senses (chance 50%); the cosine gap is the mean within-sense minus the mean across-sense cosine.

${mdTable(head, rows)}

Other preset words, best layer (all held-out sentences; few real ones exist for these words, so most are classroom sentences):

${mdTable(['word', 'sentences', `${bert?.id ?? 'bert'} all`, 'balanced', `${bert?.id ?? 'bert'} classroom`, `${gpt?.id ?? 'gpt'} all`, `${gpt?.id ?? 'gpt'} cue before`, 'majority share'], otherRows)}

Sentences longer than the context are cut to a window around the word (causal: ending at the word; masked: centred on it).`;
}

function defaultsSection(evals: readonly ModelEval[]): string {
  const parts: string[] = [];
  for (const e of evals) {
    const d = e.driftDefault;
    if (!d) continue;
    parts.push(
      `- **Drift view** (opens on ${d.model}, "${d.word}", the ${d.sentences} preset sentences): leave-one-out accuracy per layer ${d.accuracy.map((a) => pct(a, 0)).join(' / ')}, cosine gap ${d.gap.map((x) => fix(x, 2)).join(' / ')}; in the 2-D PCA plot (${d.centred ? 'each layer centred, ' : ''}one fit over all layers) the nearest 2-D centroid gives ${d.plot.map((a) => pct(a, 0)).join(' / ')}${d.centred && d.plotUncentred ? ` (without centring: ${d.plotUncentred.map((a) => pct(a, 0)).join(' / ')})` : ''}; at layer 0 every sentence is the same point (largest distance ${d.layer0Spread.toExponential(1)}).`,
    );
  }
  const gpt = evals.find((e) => e.objective === 'clm');
  const pd = gpt?.promptDefault;
  if (pd)
    parts.push(
      `- **Prompting view** (task ${pd.task}, query "${pd.query.input}" → "${pd.query.output}"): ${pd.lanes.map((l) => `${l.k}-shot "${l.answer.trim()}" (${l.correct ? 'right' : 'wrong'})`).join(', ')}.`,
    );
  const bt = gpt?.defaultBatch;
  if (bt)
    parts.push(
      `- **Prompting view's default batch run** (${bt.task}, all ${bt.queries} held-out queries, view rule): k = 0…8: ${bt.cells.map((c) => pct(c.strict / c.total, 0)).join(' / ')}.`,
    );
  return parts.length ? `### The views' default screens\n\n${parts.join('\n')}` : '';
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
        : f.setting === 'independent'
          ? "**Independent items** — the view's defaults on the task items written for the evaluation by someone who had not seen the corpus (`training/eval-items/independent.json`)"
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
    (smp) =>
      `- seed ${smp.seed}: \`${smp.prompt}\` **→** ${smp.continuation.replace(/\n/g, ' ↵ ').replace(/`/g, "'").trim() || '(ended at once)'}`,
  );
  return `### Sampled continuations (${e.id})

The sampling view's default prompt and settings (\`src/state/slices/sampling.ts\`: ${samplingSummary()}), the app's sampler (\`src/model/generate.ts\`), the view's seed and the nine after it:

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
  // How the trainer stored the weights (card.json "weights"; cards written before it was recorded are float16).
  const storedAs = (id: string) => {
    const w = cards[id]?.weights;
    return typeof w === 'string' ? w : 'float16';
  };
  const sizeRows = evals.map((e) => [
    e.id,
    int(e.parameters),
    e.weightsBytes ? storedAs(e.id) : 'none (made on load)',
    int(e.weightsBytes),
    `${(e.weightsBytes / 1e6).toFixed(2)} MB`,
  ]);
  sizeRows.push([
    'all shipped weights (random-gpt: none, made on load from its seed)',
    '',
    '',
    int(size.weights),
    `${(size.weights / 1e6).toFixed(2)} MB`,
  ]);
  const secs = evals.reduce((s, e) => s + e.seconds, 0);
  return `_Generated by \`npm run eval\` on ${when} UTC from ${status}, with the app's TypeScript engine (TensorFlow.js, WASM backend, Node); ${Math.round(secs)} s. Figures in \`public/models/<id>/card.json\` → \`metrics\`._

### Targets

${mdTable(['target', 'model', 'measured', 'met'], targetRows)}

### Size

${mdTable(['model', 'parameters', 'stored as', 'weight bytes', 'size'], sizeRows)}

${configLine(evals, cards)}

${corpusSection(cards[gpt?.id ?? evals[0]?.id ?? ''])}

${trainingSection(evals, cards)}

${sensesSection(evals)}

${fewShotSection(gpt)}

${defaultsSection(evals)}

${inductionSection(evals)}

${samplesSection(gpt)}`;
}
