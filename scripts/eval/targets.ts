/**
 * The targets of the "models that show it" issue, fixed before training,
 * checked against the measured figures. Each target says which figure it
 * reads; nothing here is tuned to a model.
 */
import type { ModelEval } from '../eval';

export interface Target {
  id: string;
  model: string;
  target: string;
  measured: string;
  met: boolean;
  note?: string;
}

const p = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const short = (x: number, goal: number, unit = 'points') => (x >= goal ? undefined : `short by ${(100 * (goal - x)).toFixed(1)} ${unit}`);

function senseTargets(gpt: ModelEval | undefined, bert: ModelEval | undefined): Target[] {
  const out: Target[] = [];
  const bankOf = (e: ModelEval) => e.senses.find((w) => w.word === 'bank');
  const b = bert ? bankOf(bert) : undefined;
  if (bert && b?.real) {
    const best = b.real.best;
    const at = b.real.layers[best.layer];
    out.push({
      id: 'bank-bert',
      model: bert.id,
      target: '"bank", real held-out sentences: best layer ≥ 90%',
      measured: `${p(best.accuracy)} at layer ${best.layer} (majority share ${p(b.real.majority)})`,
      met: best.accuracy >= 0.9,
      note: short(best.accuracy, 0.9),
    });
    out.push({
      id: 'bank-bert-balanced',
      model: bert.id,
      target: '"bank", real: balanced accuracy ≥ 85% at that layer',
      measured: p(at?.balanced),
      met: (at?.balanced ?? 0) >= 0.85,
      note: short(at?.balanced ?? 0, 0.85),
    });
    out.push({
      id: 'bank-bert-gap',
      model: bert.id,
      target: '"bank", real: cosine gap ≥ 0.10 at that layer',
      measured: (at?.gap ?? Number.NaN).toFixed(3),
      met: (at?.gap ?? 0) >= 0.1,
      note: (at?.gap ?? 0) >= 0.1 ? undefined : `short by ${(0.1 - (at?.gap ?? 0)).toFixed(3)}`,
    });
  }
  const g = gpt ? bankOf(gpt) : undefined;
  if (gpt && g?.real) {
    const c = g.real.bestCueBefore;
    out.push({
      id: 'bank-gpt-cue-before',
      model: gpt.id,
      target: '"bank", real sentences with the cue before the word: best layer ≥ 85%',
      measured: `${p(c.accuracy)} at layer ${c.layer} (${g.real.cueBefore[c.layer]?.scored ?? 0} sentences; all real: ${p(g.real.best.accuracy)})`,
      met: c.accuracy >= 0.85,
      note: short(c.accuracy, 0.85),
    });
  }
  if (bert)
    for (const w of bert.senses.filter((x) => x.word !== 'bank')) {
      out.push({
        id: `sense-${w.word}`,
        model: bert.id,
        target: `"${w.word}", all held-out sentences: best layer ≥ 80%`,
        measured: `${p(w.best.accuracy)} at layer ${w.best.layer} (balanced ${p(w.layers[w.best.layer]?.balanced)}, majority share ${p(w.majority)})`,
        met: w.best.accuracy >= 0.8,
        note: short(w.best.accuracy, 0.8),
      });
    }
  return out;
}

function viewTargets(evals: readonly ModelEval[]): Target[] {
  const out: Target[] = [];
  for (const e of evals) {
    const d = e.driftDefault;
    if (!d) continue;
    const L = d.accuracy.length;
    const later = d.accuracy.slice(Math.ceil(L / 2));
    const bestLater = Math.max(...later);
    const plotLater = Math.max(...d.plot.slice(Math.ceil(L / 2)));
    out.push({
      id: 'drift-default',
      model: e.id,
      target: `drift view default ("${d.word}", ${d.sentences} preset sentences): a later layer ≥ 90%, two groups in the PCA plot (≥ 90%), layer 0 one point`,
      measured: `accuracy per layer ${d.accuracy.map((a) => (100 * a).toFixed(0)).join(' / ')}%; in the plot${d.centred ? ' (layers centred)' : ''} ${d.plot.map((a) => (100 * a).toFixed(0)).join(' / ')}%${d.centred && d.plotUncentred ? ` (uncentred ${d.plotUncentred.map((a) => (100 * a).toFixed(0)).join(' / ')}%)` : ''}; layer-0 spread ${d.layer0Spread.toExponential(1)}`,
      met: bestLater >= 0.9 && plotLater >= 0.9 && d.layer0Spread < 1e-6,
    });
  }
  return out;
}

function fewShotTargets(gpt: ModelEval | undefined): Target[] {
  const out: Target[] = [];
  const app = gpt?.fewShot.find((f) => f.setting === 'app');
  if (!gpt || !app) return out;
  const at = (k: number) => app.average.find((a) => a.k === k)?.accuracy ?? Number.NaN;
  if (app.ks.includes(0) && app.ks.includes(4)) {
    const curve = [0, 1, 2, 3, 4].map(at);
    out.push({
      id: 'fewshot-rises',
      model: gpt.id,
      target: 'few-shot average rises from 0 to 4 shots (never falls from one k to the next)',
      measured: curve.map(p).join(' → '),
      met: curve.every((v, i) => i === 0 || v >= (curve[i - 1] as number)) && at(4) > at(0),
    });
    const gain = at(4) - at(0);
    out.push({
      id: 'fewshot-gain',
      model: gpt.id,
      target: 'few-shot average, 4-shot ≥ 0-shot + 30 points',
      measured: `${p(at(4))} vs ${p(at(0))} (+${(100 * gain).toFixed(1)} points)`,
      met: gain >= 0.3,
      note: short(gain, 0.3),
    });
  }
  const zero = app.tasks.filter((t) => t.cells.every((c) => c.correct === 0)).map((t) => t.task);
  out.push({
    id: 'fewshot-tasks',
    model: gpt.id,
    target: 'at least five tasks, none at 0% for every k',
    measured: `${app.tasks.length} tasks${zero.length ? `; at 0% for every k: ${zero.join(', ')}` : ''}`,
    met: app.tasks.length >= 5 && zero.length === 0,
  });
  const d = gpt.promptDefault;
  if (d) {
    const [z, , f] = d.lanes;
    out.push({
      id: 'prompt-default',
      model: gpt.id,
      target: 'prompting view default: zero-shot wrong, few-shot right',
      measured: `${d.task}, "${d.query.input}" → "${d.query.output}": ${d.lanes.map((l) => `k=${l.k} "${l.answer.trim()}" ${l.correct ? 'right' : 'wrong'}`).join('; ')}`,
      met: !!z && !!f && !z.correct && f.correct,
    });
  }
  const batch = gpt.defaultBatch;
  if (batch) {
    const acc = batch.cells.map((c) => c.strict / c.total);
    const first = acc[0] ?? 0;
    const rest = acc.slice(1);
    out.push({
      id: 'prompt-batch',
      model: gpt.id,
      target: 'prompting view default batch run: accuracy rises with the number of shots (k = 4 and k = 8 above k = 0)',
      measured: `${batch.task}, ${batch.queries} queries, k = 0…8: ${acc.map((a) => (100 * a).toFixed(0)).join(' / ')}%`,
      met: (acc[4] ?? 0) > first && (acc[8] ?? 0) > first && rest.length > 0,
    });
  }
  return out;
}

function inductionTargets(gpt: ModelEval | undefined): Target[] {
  if (!gpt) return [];
  const ind = gpt.induction;
  const out: Target[] = [];
  if (ind.ratio !== null)
    out.push({
      id: 'induction-loss',
      model: gpt.id,
      target: 'repeated random tokens: loss on the 2nd copy ≤ half the loss on the 1st',
      measured: `${ind.lossSecond?.toFixed(3)} vs ${ind.lossFirst?.toFixed(3)} (ratio ${ind.ratio.toFixed(3)})`,
      met: ind.ratio <= 0.5,
    });
  out.push({
    id: 'induction-head',
    model: gpt.id,
    target: 'a head with prefix-matching score ≥ 0.3',
    measured: `${ind.best.score.toFixed(3)} (layer ${ind.best.layer}, head ${ind.best.head})`,
    met: ind.best.score >= 0.3,
  });
  return out;
}

export function targets(evals: readonly ModelEval[], size: { weights: number; all: number }): Target[] {
  const gpt = evals.find((e) => e.objective === 'clm');
  const bert = evals.find((e) => e.objective === 'mlm');
  return [
    ...senseTargets(gpt, bert),
    ...viewTargets(evals),
    ...fewShotTargets(gpt),
    ...inductionTargets(gpt),
    {
      id: 'size',
      model: 'all',
      target: 'all shipped weights ≤ 10 MB',
      measured: `${(size.weights / 1e6).toFixed(2)} MB of weights (${(size.all / 1e6).toFixed(2)} MB with model.json and tokenizers)`,
      met: size.weights <= 10_000_000,
    },
  ];
}
