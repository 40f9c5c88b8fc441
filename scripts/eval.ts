/**
 * `npm run eval`: recomputes the teaching metrics of the shipped models with
 * the app's TypeScript engine (TensorFlow.js, WASM backend, in Node), writes
 * them into public/models/<id>/card.json (a `metrics` object next to the
 * trainer's fields) and renders the model card into README.md between
 * `<!-- card:start -->` and `<!-- card:end -->`.
 *
 *   npm run eval                       # everything, writes card.json + README
 *   npm run eval -- --no-write         # print only
 *   npm run eval -- --quick            # small smoke run (implies --no-write)
 *   npm run eval -- --queries 0        # every held-out few-shot query (slow)
 *   npm run eval -- --quick --preview card.md   # also write the card's Markdown to a file
 *   npm run eval -- --polysemy my.json  # sense accuracy on your own sentences (the format of
 *                                       # public/data/polysemy.json; implies --no-write)
 *   npm run eval -- --draw-seed 8      # the few-shot prompts with another example draw (the same queries;
 *                                       # the targets use the view's seed 7; implies --no-write)
 *
 * What is measured and how is documented in scripts/eval/*.ts and in the
 * card itself; the evaluation choices were fixed before looking at results.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { type PromptTask, parseTasksFile } from '../src/analysis/prompting';
import { normalize, Tokenizer } from '../src/model/tokenizer';
import { Transformer } from '../src/model/transformer';
import { driftDefaults } from '../src/state/slices/drift';
import { promptingDefaults } from '../src/state/slices/prompting';
import { setupWasm } from './eval/backend';
import { renderCard } from './eval/card';
import { type DriftDefault, defaultSamples, driftDefault, type PromptDefault, promptDefault, type Sample } from './eval/defaults';
import { APP_DEFAULTS, averageOverTasks, evaluateTask, type FewShotSetting, type TaskResult } from './eval/fewshot';
import { evaluateInduction, type InductionResult } from './eval/induction';
import { loadSnapshot } from './eval/load';
import { replaceBetweenMarkers } from './eval/markers';
import { evaluateWord, type PolysemyWord, type SubsetResult, type WordResult } from './eval/polysemy';
import { type Target, targets } from './eval/targets';
import { readTokens, type ValidationResult, validationLoss } from './eval/validation';

const ROOT = process.cwd();
const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: 'tiny-gpt,tiny-bert' },
    queries: { type: 'string', default: '30' },
    ks: { type: 'string', default: '0,1,2,3,4,5,6,7,8' },
    'bare-ks': { type: 'string', default: '0,1,2,3,4,5' },
    'val-windows': { type: 'string', default: '48' },
    quick: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    preview: { type: 'string' },
    polysemy: { type: 'string' },
    'draw-seed': { type: 'string' },
  },
});
const quick = args.quick;
const drawSeed = args['draw-seed'] === undefined ? undefined : Number(args['draw-seed']);
if (drawSeed !== undefined && !Number.isInteger(drawSeed)) throw new Error(`--draw-seed wants an integer, not ${args['draw-seed']}`);
const write = !args['no-write'] && !quick && !args.polysemy && drawSeed === undefined;
const perTask = quick ? 3 : Number(args.queries);
const ks = (quick ? '0,4' : args.ks).split(',').map(Number);
const bareKs = (quick ? '0' : args['bare-ks']).split(',').map(Number);
const valWindows = quick ? 2 : Number(args['val-windows']);

const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s`;
const log = (s: string) => console.log(`[${elapsed()}] ${s}`);

export interface ModelEval {
  id: string;
  objective: 'clm' | 'mlm';
  step: number | null;
  status: string | null;
  parameters: number;
  weightsBytes: number;
  senses: WordResult[];
  induction: InductionResult;
  validation: ValidationResult | null;
  /** The validation stream it was computed on (the model's own corpus). */
  valFile: string;
  fewShot: {
    setting: FewShotSetting;
    ks: number[];
    tasks: TaskResult[];
    average: { k: number; accuracy: number; strict: number }[];
  }[];
  samples: Sample[];
  /** The drift view's default screen, for the model it opens on. */
  driftDefault: DriftDefault | null;
  /** The prompting view's default lanes and its default batch run (all queries of the default task). */
  promptDefault: PromptDefault | null;
  defaultBatch: TaskResult | null;
  seconds: number;
}

/** Per task, the indices of the queries that are independent evaluation items (training/eval-items/independent.json). */
function independentIndices(tasks: readonly PromptTask[]): Map<string, number[]> {
  const file = JSON.parse(readFileSync(join(ROOT, 'training', 'eval-items', 'independent.json'), 'utf8')) as {
    tasks: Record<string, { input: string; output: string }[]>;
  };
  const key = (p: { input: string; output: string }) => normalize(`${p.input}\u0000${p.output}`);
  const out = new Map<string, number[]>();
  for (const t of tasks) {
    const want = new Set((file.tasks[t.id] ?? []).map(key));
    out.set(
      t.id,
      t.queries.map((q, i) => (want.has(key(q)) ? i : -1)).filter((i) => i >= 0),
    );
  }
  return out;
}

function sizes(): { weights: number; all: number; perModel: Record<string, number> } {
  const dir = join(ROOT, 'public', 'models');
  let weights = 0;
  let all = 0;
  const perModel: Record<string, number> = {};
  for (const m of readdirSync(dir)) {
    for (const f of readdirSync(join(dir, m))) {
      const s = statSync(join(dir, m, f));
      if (!s.isFile() || f.endsWith('.tmp')) continue;
      all += s.size;
      if (f.endsWith('.bin')) {
        weights += s.size;
        perModel[m] = (perModel[m] ?? 0) + s.size;
      }
    }
  }
  return { weights, all, perModel };
}

async function evaluateModel(id: string): Promise<ModelEval> {
  const start = performance.now();
  const snap = await loadSnapshot(ROOT, id, false);
  const model = new Transformer(snap.files.config, snap.files.weights);
  const tok = Tokenizer.fromJSON(snap.files.tokenizerJson);
  const causal = snap.files.config.causal;
  const params = Object.values(model.weights).reduce((n, t) => n + t.size, 0);
  log(
    `${id}: step ${snap.step ?? '?'} (${snap.status ?? 'no card'}), ${params.toLocaleString('en')} parameters, backend ${tf.getBackend()}`,
  );
  try {
    const shippedPolysemy = join(ROOT, 'public', 'data', 'polysemy.json');
    const poly = JSON.parse(readFileSync(shippedPolysemy, 'utf8')) as { words: PolysemyWord[] };
    // --polysemy: someone else's sentences, scored the same way; the drift default keeps the app's own presets.
    const own = args.polysemy ? (JSON.parse(readFileSync(args.polysemy, 'utf8')) as { words: PolysemyWord[] }) : poly;
    const senses: WordResult[] = [];
    for (const w of quick ? own.words.slice(0, 1) : own.words) {
      const r = await evaluateWord(model, tok, w);
      senses.push(r);
      log(
        `${id}: "${w.word}" ${Object.values(r.counts).reduce((a, b) => a + b, 0)} sentences, accuracy per layer ${r.layers
          .map((l) => (100 * l.accuracy).toFixed(0))
          .join(' ')}${causal ? ` | cue before ${r.cueBefore.map((l) => (100 * l.accuracy).toFixed(0)).join(' ')}` : ''}`,
      );
      if (args.polysemy)
        log(
          `${id}: "${w.word}" all sentences: best layer ${r.best.layer} ${(100 * r.best.accuracy).toFixed(1)}%, balanced ${(
            100 * (r.layers[r.best.layer]?.balanced ?? 0)
          ).toFixed(1)}%, cosine gap per layer ${r.layers.map((l) => l.gap.toFixed(3)).join(' ')}`,
        );
    }

    const drift = id === driftDefaults.model ? await driftDefault(model, tok, poly.words) : null;
    if (drift)
      log(
        `${id}: drift default, accuracy per layer ${drift.accuracy.map((a) => (100 * a).toFixed(0)).join(' ')}, plot ${drift.plot.map((a) => (100 * a).toFixed(0)).join(' ')}`,
      );

    const induction = await evaluateInduction(model, tok, quick ? 2 : 16, 20, 1);
    log(
      `${id}: induction best head L${induction.best.layer}H${induction.best.head} ${induction.best.score.toFixed(3)}${
        induction.ratio !== null ? `, loss 1st ${induction.lossFirst?.toFixed(3)} 2nd ${induction.lossSecond?.toFixed(3)}` : ''
      }`,
    );

    // Each model's own validation stream (card.json corpus.folder): corpora built with other flags split their
    // documents into training and validation differently.
    const valPath = join(snap.corpusFolder, 'val.bin');
    const valTokens = readTokens(join(ROOT, valPath));
    let validation: ValidationResult | null = null;
    if (valTokens) {
      validation = await validationLoss(model, valTokens, valWindows);
      log(
        `${id}: validation loss ${validation.loss.toFixed(4)} (ppl ${validation.perplexity.toFixed(1)}) on ${validation.targets} targets`,
      );
    } else log(`${id}: ${valPath} not found (run npm run corpus): validation loss only from the trainer's card`);

    const fewShot: ModelEval['fewShot'] = [];
    let samples: Sample[] = [];
    let prompt: PromptDefault | null = null;
    let batch: TaskResult | null = null;
    if (causal) {
      const tasks = parseTasksFile(JSON.parse(readFileSync(join(ROOT, 'public', 'data', 'tasks.json'), 'utf8')));
      const independent = independentIndices(tasks);
      for (const [setting, kList] of [
        ['app', ks],
        ['independent', quick ? [] : ks.filter((k) => k <= 4)],
        ['bare', bareKs],
      ] as const) {
        if (kList.length === 0) continue;
        const results: TaskResult[] = [];
        for (const task of tasks) {
          const indices = setting === 'independent' ? independent.get(task.id) : undefined;
          if (setting === 'independent' && !indices?.length) continue;
          const r = await evaluateTask(model, tok, task, { setting, ks: kList, perTask, indices, drawSeed });
          results.push(r);
          log(
            `${id}: few-shot (${setting}) ${task.id.padEnd(14)} ${r.queries} queries, k=${kList.join('/')}: ${r.cells
              .map((c) => `${c.correct}`)
              .join(' ')}`,
          );
        }
        fewShot.push({ setting, ks: [...kList], tasks: results, average: averageOverTasks(results, kList) });
      }
      prompt = await promptDefault(model, tok, tasks);
      if (prompt)
        log(
          `${id}: prompting default ${prompt.task} "${prompt.query.input}": ${prompt.lanes.map((l) => `k${l.k} "${l.answer.trim()}" ${l.correct ? 'right' : 'wrong'}`).join(', ')}`,
        );
      const defTask = tasks.find((t) => t.id === promptingDefaults.taskId);
      if (defTask && !quick) {
        batch = await evaluateTask(model, tok, defTask, { setting: 'app', ks: [0, 1, 2, 3, 4, 5, 6, 7, 8], perTask: 0 });
        log(`${id}: default batch run ${defTask.id}: ${batch.cells.map((c) => c.strict).join(' ')} of ${batch.queries}`);
      }
      samples = await defaultSamples(model, tok, quick ? 2 : 10);
      for (const smp of samples) log(`${id}: sample seed ${smp.seed}:${smp.continuation.replace(/\n/g, ' ↵ ')}`);
    }
    return {
      id,
      objective: snap.files.objective,
      step: snap.step,
      status: snap.status,
      parameters: params,
      weightsBytes: sizes().perModel[id] ?? 0,
      senses,
      induction,
      validation,
      valFile: valPath,
      fewShot,
      samples,
      driftDefault: drift,
      promptDefault: prompt,
      defaultBatch: batch,
      seconds: (performance.now() - start) / 1000,
    };
  } finally {
    model.dispose();
  }
}

function cardMetrics(e: ModelEval, ts: readonly Target[], size: { weights: number; all: number }, trainer: Record<string, unknown>) {
  const v = trainer.validation as { loss?: number; perplexity?: number } | undefined;
  const r4 = (x: number | null) => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10000) / 10000);
  /** What card.json keeps of a set of sentences: the whole held-out set of a word, or its real / classroom part. */
  const subsetMetrics = (sub: SubsetResult) => ({
    counts: sub.counts,
    majority: r4(sub.majority),
    accuracy: sub.layers.map((l) => r4(l.accuracy)),
    balancedAccuracy: sub.layers.map((l) => r4(l.balanced)),
    cosineGap: sub.layers.map((l) => r4(l.gap)),
    cueBefore: sub.cueBefore.map((l) => r4(l.accuracy)),
    best: { layer: sub.best.layer, accuracy: r4(sub.best.accuracy) },
    bestCueBefore: { layer: sub.bestCueBefore.layer, accuracy: r4(sub.bestCueBefore.accuracy) },
  });
  return {
    evaluatedAt: new Date().toISOString(),
    evaluatedStep: e.step,
    evaluatedStatus: e.status,
    engine: `TypeScript engine (src/model/transformer.ts), TensorFlow.js ${tf.version_core}, ${tf.getBackend()} backend, Node ${process.version}`,
    seconds: Math.round(e.seconds),
    size: { parameters: e.parameters, weightsBytes: e.weightsBytes, allShippedWeightsBytes: size.weights, allModelFilesBytes: size.all },
    validation: {
      trainer: { loss: r4(v?.loss ?? null), perplexity: r4(v?.perplexity ?? null), note: "the trainer's figure (4 × 32 windows)" },
      recomputed: e.validation
        ? {
            loss: r4(e.validation.loss),
            perplexity: r4(e.validation.perplexity),
            windows: e.validation.windows,
            targets: e.validation.targets,
            note:
              e.objective === 'clm'
                ? `next-token loss, evenly spaced windows of ${e.valFile}`
                : `masked-token loss (15% targets, 80/10/10, seeded), evenly spaced windows of ${e.valFile}`,
          }
        : null,
    },
    senses: {
      positionRemoved: true,
      words: Object.fromEntries(
        e.senses.map((w) => [
          w.word,
          {
            ...subsetMetrics(w),
            windowed: w.windowed,
            skipped: w.skipped,
            accuracyWithPosition: w.layersRaw.map((l) => r4(l.accuracy)),
            accuracyCentred: w.layersCentred.map((l) => r4(l.accuracy)),
            cueAfter: w.cueAfter.map((l) => r4(l.accuracy)),
            cueBeforeOnlyLoo: w.cueBeforeOnly.map((l) => r4(l.accuracy)),
            real: w.real ? subsetMetrics(w.real) : null,
            classroom: w.classroom ? subsetMetrics(w.classroom) : null,
          },
        ]),
      ),
    },
    induction: {
      sequences: e.induction.sequences,
      blockLength: e.induction.blockLength,
      lossFirstCopy: r4(e.induction.lossFirst),
      lossSecondCopy: r4(e.induction.lossSecond),
      ratio: r4(e.induction.ratio),
      prefixMatching: e.induction.heads.map((row) => row.map(r4)),
      bestHead: { layer: e.induction.best.layer, head: e.induction.best.head, score: r4(e.induction.best.score) },
    },
    ...(e.fewShot.length
      ? {
          fewShot: e.fewShot.map((f) => ({
            setting: f.setting,
            format: APP_DEFAULTS.format,
            seed: APP_DEFAULTS.seed,
            instruction: f.setting === 'bare' ? 'never' : 'always',
            ks: f.ks,
            average: f.average.map((a) => ({ k: a.k, accuracy: r4(a.accuracy), strict: r4(a.strict) })),
            tasks: Object.fromEntries(
              f.tasks.map((t) => [
                t.task,
                {
                  queries: t.queries,
                  correct: t.cells.map((c) => c.correct),
                  strict: t.cells.map((c) => c.strict),
                  shortened: t.cells.map((c) => c.shortened),
                },
              ]),
            ),
          })),
        }
      : {}),
    ...(e.samples.length ? { samples: e.samples } : {}),
    ...(e.driftDefault ? { driftDefault: e.driftDefault } : {}),
    ...(e.promptDefault ? { promptDefault: e.promptDefault } : {}),
    ...(e.defaultBatch ? { defaultBatch: e.defaultBatch } : {}),
    targets: ts.filter((t) => t.model === e.id || t.model === 'all').map((t) => ({ ...t })),
  };
}

async function main() {
  const backend = await setupWasm();
  log(
    `backend ${backend}; few-shot: ${perTask || 'all'} queries per task, k = ${ks.join(',')} (app) and ${bareKs.join(',') || '–'} (bare)`,
  );
  const ids = args.models.split(',').filter(Boolean);
  const evals: ModelEval[] = [];
  for (const id of ids) evals.push(await evaluateModel(id));
  const size = sizes();
  const ts = targets(evals, size);

  console.log('\nTarget                                                                  Model      Met   Measured');
  for (const t of ts)
    console.log(`${t.target.padEnd(72)} ${t.model.padEnd(10)} ${t.met ? 'yes' : 'NO '}   ${t.measured}${t.note ? ` (${t.note})` : ''}`);
  for (const e of evals)
    for (const f of e.fewShot)
      console.log(
        `${e.id} few-shot ${f.setting.padEnd(4)} average: ${f.average.map((a) => `k${a.k} ${(100 * a.accuracy).toFixed(1)}%`).join('  ')}`,
      );

  const trainerCards: Record<string, Record<string, unknown>> = {};
  for (const e of evals) {
    const path = join(ROOT, 'public', 'models', e.id, 'card.json');
    const card = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const cardStep = (card.training as { steps?: number } | undefined)?.steps ?? null;
    if (cardStep !== e.step) console.warn(`warning: ${e.id} card.json is now at step ${cardStep}, the evaluated export was step ${e.step}`);
    trainerCards[e.id] = card;
    card.metrics = cardMetrics(e, ts, size, card);
    if (write) writeFileSync(path, `${JSON.stringify(card, null, 1)}\n`);
  }
  const md = renderCard(evals, ts, size, trainerCards);
  if (args.preview) writeFileSync(args.preview, `${md}\n`);
  if (write) {
    const readme = join(ROOT, 'README.md');
    writeFileSync(readme, replaceBetweenMarkers(readFileSync(readme, 'utf8'), '<!-- card:start -->', '<!-- card:end -->', md));
    log('wrote card.json metrics and the README card');
  } else log('not written (--no-write, --quick, --polysemy or --draw-seed)');
  log(`done in ${elapsed().trim()}`);
}

main().catch((e: unknown) => {
  console.error(`eval failed: ${(e as Error).stack ?? String(e)}`);
  process.exit(1);
});
