/**
 * The head-ablation figures of the README, measured on a shipped model in
 * Node (WASM backend) with the app's own code: every head's role as the
 * Attention view labels it, then, on the repeated random tokens demo (the
 * induction score's block said twice), the loss on the second copy with the
 * full model and with each head switched off (zero ablation, and mean
 * ablation over the demo text); and the prompting view's batch run
 * (its default task and settings, every held-out query, k = 0 … 8) with the
 * full model, the most induction-like labelled head off, and a head with no
 * label in a later layer off.
 *
 *   npx tsx scripts/ablation.ts [model-id]      (default tiny-gpt)
 *   npx tsx scripts/ablation.ts --gpt2-timing   (the importance map's passes on a GPT-2-small-sized model)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchSize, singleHeads, summarise } from '../src/analysis/ablation';
import { dominantRole } from '../src/analysis/attention';
import { inductionBlock, measureHeadRoles } from '../src/analysis/headRoles';
import {
  answerLimit,
  answerText,
  batchQueryOrder,
  fitsContext,
  formatFor,
  greedyAnswer,
  isCorrect,
  MAX_SHOTS,
  makeShotPrompt,
  parseTasksFile,
  promptText,
  stopIds,
} from '../src/analysis/prompting';
import type { HeadAblation } from '../src/model/ablation';
import { Tokenizer } from '../src/model/tokenizer';
import { randomWeights, Transformer } from '../src/model/transformer';
import { promptingDefaults } from '../src/state/slices/prompting';
import { setupWasm } from './eval/backend';
import { loadFromDisk, modelDir } from './eval/load';

await setupWasm();
if (process.argv[2] === '--gpt2-timing') {
  // GPT-2 small's shapes with seeded random weights (the time of a pass does not depend on the values).
  const cfg = { vocabSize: 50257, dModel: 768, nHeads: 12, nLayers: 12, contextLength: 1024, causal: true, layerNormEps: 1e-5, dMlp: 3072 };
  const gpt2 = new Transformer(cfg, randomWeights(cfg, 1));
  for (const T of [16, 32, 64]) {
    const ids = Array.from({ length: T }, (_, i) => (i * 7919) % cfg.vocabSize);
    const B = batchSize(T, cfg.vocabSize);
    const variants = singleHeads(cfg.nLayers, cfg.nHeads)
      .slice(0, B)
      .map((h) => ({ heads: [h], kind: 'zero' as const }));
    await gpt2.tokenLosses(ids, variants.slice(0, 1)); // warm-up
    const t0 = performance.now();
    await gpt2.tokenLosses(ids, variants);
    const ms = performance.now() - t0;
    const passes = Math.ceil((cfg.nLayers * cfg.nHeads + 1) / B);
    console.log(`T=${T}: one batch of ${B} rows ${ms.toFixed(0)} ms; the map's ${passes} batches ≈ ${((passes * ms) / 1000).toFixed(0)} s`);
  }
  gpt2.dispose();
  process.exit(0);
}
const id = process.argv[2] ?? 'tiny-gpt';
const files = await loadFromDisk(modelDir(process.cwd(), id));
const tokenizer = Tokenizer.fromJSON(files.tokenizerJson);
const model = new Transformer(files.config, files.weights);
const c = files.config;
const roles = await measureHeadRoles(
  async (ids) => (await model.forward(ids, { residual: false, logits: 'last' })).attention,
  tokenizer,
  c,
);
const block = inductionBlock(tokenizer, c.contextLength);
const ids = [...block, ...block];
console.log(`${id}: demo text "${tokenizer.decode(ids)}" (${ids.length} tokens)`);
const heads = singleHeads(c.nLayers, c.nHeads);
const means = await model.headMeans(ids);
for (const kind of ['zero', 'mean'] as const) {
  const variants = [null, ...heads.map((h) => ({ heads: [h], kind, means }))];
  const t0 = performance.now();
  const s = summarise(await model.tokenLosses(ids, variants), ids, c.causal);
  const ms = performance.now() - t0;
  const full = s[0]?.secondCopy ?? Number.NaN;
  console.log(
    `\n${kind} ablation (${variants.length} passes in one batch, ${ms.toFixed(0)} ms); second-copy loss, full model ${full.toFixed(3)} nats`,
  );
  heads.forEach(([l, h], i) => {
    const sc = roles.scores[l]?.[h];
    const role = sc ? (dominantRole(sc) ?? '-') : '-';
    const v = s[i + 1]?.secondCopy ?? Number.NaN;
    const ind = sc?.induction.toFixed(2) ?? '';
    console.log(
      `L${l} H${h}  ${role.padEnd(10)} induction ${ind}  second copy ${v.toFixed(3)}  (${v - full >= 0 ? '+' : ''}${(v - full).toFixed(3)})`,
    );
  });
}

// The heads the e2e test picks the same way: the labelled induction head with the highest score, and the
// first head with no label in a later layer (a head after it cannot be part of the circuit that feeds it).
const labelled = heads.filter(([l, h]) => roles.scores[l]?.[h] && dominantRole(roles.scores[l]?.[h] as never) === 'induction');
const ind = labelled.sort((a, b) => (roles.scores[b[0]]?.[b[1]]?.induction ?? 0) - (roles.scores[a[0]]?.[a[1]]?.induction ?? 0))[0];
const none = ind && heads.find(([l, h]) => l > ind[0] && dominantRole(roles.scores[l]?.[h] as never) === null);
const tasks = parseTasksFile(JSON.parse(readFileSync(join(process.cwd(), 'public', 'data', 'tasks.json'), 'utf8')));
const task = tasks.find((t) => t.id === promptingDefaults.taskId);
if (task && ind && c.causal) {
  const format = formatFor(task, promptingDefaults.format);
  const opts = { format, seed: promptingDefaults.seed, withInstruction: promptingDefaults.instruction };
  const fits = fitsContext(tokenizer, c.contextLength);
  const stop = stopIds(tokenizer, format);
  const order = batchQueryOrder(task, opts.seed);
  const ks = Array.from({ length: MAX_SHOTS + 1 }, (_, k) => k);
  const runs: [string, HeadAblation | undefined][] = [
    ['full model', undefined],
    [`L${ind[0]} H${ind[1]} off (induction)`, { heads: [ind], kind: 'zero' }],
    ...(none ? ([[`L${none[0]} H${none[1]} off (no role)`, { heads: [none], kind: 'zero' }]] as [string, HeadAblation][]) : []),
    ...(labelled.length > 1
      ? ([[`all ${labelled.length} induction heads off`, { heads: labelled, kind: 'zero' }]] as [string, HeadAblation][])
      : []),
  ];
  console.log(`\nbatch run, task ${task.id}, ${order.length} queries per k, zero ablation`);
  for (const [name, ablation] of runs) {
    const acc: string[] = [];
    for (const k of ks) {
      let right = 0;
      for (const q of order) {
        const prompt = makeShotPrompt(task, q, k, { ...opts, fits });
        const ids = tokenizer.encodeIds(promptText(prompt.text, tokenizer)).slice(-c.contextLength);
        const expected = prompt.query.output;
        const ans = await greedyAnswer(
          ids,
          async (x) => (await model.forward(x, { logits: 'last', attention: false, residual: false, ablation })).logits,
          {
            maxNew: answerLimit(tokenizer.encodePiece(answerText(prompt.text, expected, tokenizer)).length),
            stop,
            contextLength: c.contextLength,
            decode: (x) => tokenizer.decode(x),
            expected,
          },
        );
        if (isCorrect(ans.text, expected)) right++;
      }
      acc.push(`${Math.round((100 * right) / order.length)}%`);
    }
    console.log(`${name.padEnd(28)} k=0..8: ${acc.join(' ')}`);
  }
}
model.dispose();
