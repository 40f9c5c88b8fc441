/**
 * Training lab: pre-train a small Transformer from random weights, or
 * fine-tune tiny-gpt on your own text, in the engine worker on the current
 * backend — and watch the loss, samples, attention heads and the separation
 * of the senses of "bank" change as it learns.
 */
import { useTranslation } from 'react-i18next';
import { useEngine } from '../../app/EngineContext';
import { Panel } from '../../components/Panel';
import type { TrainSpec } from '../../engine/protocol';
import type { ModelConfig } from '../../model/config';
import { FINETUNE_MAX_PARAMETERS, SCRATCH_SIZES, scratchConfig } from '../../model/train';
import { clearRun, useLab } from '../../state/lab';
import { useRuntime } from '../../state/runtime';
import { useAppStore } from '../../state/store';
import { BASE_MODEL, finetuneBase, trainingGigabytes } from './base';
import { HeadsCompare } from './HeadsCompare';
import { LabModels } from './LabModels';
import { LossChart } from './LossChart';
import { MetricsTable } from './MetricsTable';
import { buildProbes, corpusText } from './probes';
import { Setup } from './Setup';
import './training.css';

function RunControls() {
  const { t } = useTranslation();
  const engine = useEngine();
  const s = useAppStore((st) => st.training);
  const phase = useLab((st) => st.phase);
  const last = useLab((st) => st.last);
  const info = useLab((st) => st.info);
  const vals = useLab((st) => st.vals);
  const error = useLab((st) => st.error);
  const backend = useLab((st) => st.info?.backend);

  const start = async () => {
    clearRun();
    useLab.setState({ phase: 'starting' });
    // Scratch models borrow tiny-gpt's tokenizer; fine-tuning starts from tiny-gpt or from the checkpoint opened, when the lab can train it.
    const baseId = s.mode === 'finetune' ? finetuneBase(useRuntime.getState().model).id : BASE_MODEL;
    try {
      const { info: baseInfo, tokenizer } = await engine.load(baseId);
      // Loading the base reports download progress as if it were the chosen model; clear that when it is not.
      if (useRuntime.getState().loading?.modelId === baseId && useAppStore.getState().model.id !== baseId)
        useRuntime.setState({ loading: null });
      const size = SCRATCH_SIZES.find((z) => z.id === s.size) ?? (SCRATCH_SIZES[0] as (typeof SCRATCH_SIZES)[number]);
      const config: ModelConfig = s.mode === 'finetune' ? baseInfo.config : scratchConfig(size, tokenizer.size);
      const text = await corpusText(s.corpus, useLab.getState().customText);
      if (text !== null && text.trim() === '') throw new Error(t('training.run.emptyText'));
      const { probes, plan } = await buildProbes(tokenizer, config.contextLength);
      useLab.setState({ config, plan, base: s.mode === 'finetune' ? baseId : 'scratch' });
      const spec: TrainSpec = {
        mode: s.mode,
        size: s.size,
        base: baseId,
        text,
        learningRate: s.learningRate,
        batchSize: s.batchSize,
        seqLen: Math.min(s.seqLen, config.contextLength),
        seed: s.seed,
        maxSteps: s.maxSteps,
        evalEvery: Math.max(1, Math.round(s.sampleEvery / 2)),
        sampleEvery: s.sampleEvery,
        samplePrompt: s.samplePrompt,
        probes,
      };
      const trainInfo = await engine.client.call({ kind: 'trainStart', spec });
      useLab.setState({ info: trainInfo });
    } catch (e) {
      useLab.setState({ phase: 'failed', error: (e as Error).message });
    }
  };
  const call = (kind: 'trainPause' | 'trainResume' | 'trainStop') => async () => {
    const p = await engine.client.call({ kind }).catch(() => null);
    if (p) useLab.setState({ phase: p.state, last: p });
  };
  const reset = async () => {
    await engine.client.call({ kind: 'trainReset' }).catch(() => null);
    clearRun();
  };

  const running = phase === 'running';
  const val = vals[vals.length - 1];
  return (
    <Panel
      id="training.run"
      className="lab-run"
      aria-label={t('training.run.label')}
      name="training-run"
      title={t('training.run.label')}
      data={() => ({ phase, info, last, validation: vals })}
    >
      <div className="lab-row">
        <button
          type="button"
          className="primary"
          data-testid="train-start"
          disabled={phase === 'starting' || running || phase === 'paused'}
          onClick={start}
        >
          {t('training.run.start')}
        </button>
        <button type="button" data-testid="train-pause" disabled={!running} onClick={call('trainPause')}>
          {t('training.run.pause')}
        </button>
        <button type="button" data-testid="train-resume" disabled={phase !== 'paused'} onClick={call('trainResume')}>
          {t('training.run.resume')}
        </button>
        <button type="button" data-testid="train-stop" disabled={!(running || phase === 'paused')} onClick={call('trainStop')}>
          {t('training.run.stop')}
        </button>
        <button type="button" data-testid="train-reset" disabled={phase === 'idle' || phase === 'starting'} onClick={reset}>
          {t('training.run.reset')}
        </button>
        <strong className={`lab-state lab-state-${phase}`} data-testid="train-state" data-state={phase}>
          {t(`training.run.state.${phase}`)}
        </strong>
      </div>
      {phase === 'starting' ? <p className="muted">{t('training.run.starting')}</p> : null}
      {last ? (
        <p className="lab-status" data-testid="train-status" data-step={last.step} data-loss={last.loss} data-val={val?.loss ?? ''}>
          <span>{t('training.run.status', { step: last.step, max: s.maxSteps })}</span>
          {Number.isFinite(last.loss) ? <span>{t('training.run.loss', { loss: last.loss.toFixed(3) })}</span> : null}
          {val ? <span>{t('training.run.val', { loss: val.loss.toFixed(3) })}</span> : null}
          <span data-testid="train-tps" data-tps={last.tokensPerSec}>
            {t('training.run.speed', { tps: Math.round(last.tokensPerSec).toLocaleString(), backend: backend ?? '…' })}
          </span>
          <span>{t('training.run.elapsed', { s: (last.trainMs / 1000).toFixed(1) })}</span>
        </p>
      ) : null}
      {info ? (
        <p className="muted small">
          {t('training.run.summary', {
            params: info.parameters.toLocaleString(),
            train: info.trainTokens.toLocaleString(),
            val: info.valTokens.toLocaleString(),
          })}
        </p>
      ) : null}
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="train-error">
          <strong>{t('training.run.error')}</strong> {error}
        </div>
      ) : null}
    </Panel>
  );
}

function Samples() {
  const { t } = useTranslation();
  const samples = useLab((s) => s.samples);
  const s = useAppStore((st) => st.training);
  const shown = samples.slice(-6).reverse();
  return (
    <Panel
      id="training.samples"
      aria-labelledby="lab-samples-title"
      name="training-samples"
      title={t('training.samples.title')}
      data={() => ({ prompt: s.samplePrompt, samples })}
    >
      <h3 id="lab-samples-title">{t('training.samples.title')}</h3>
      <p className="explain">{t('training.samples.explain', { prompt: s.samplePrompt })}</p>
      {shown.length === 0 ? <p className="muted">{t('training.samples.empty', { n: s.sampleEvery })}</p> : null}
      <ol className="lab-samples">
        {shown.map((x) => (
          <li key={x.step} data-testid="train-sample" data-step={x.step}>
            <span className="muted small">{t('training.samples.step', { step: x.step })}</span>{' '}
            <span className="lab-prompt">{s.samplePrompt}</span> {x.text}
          </li>
        ))}
      </ol>
    </Panel>
  );
}

/** Which model fine-tuning starts from when a checkpoint was opened, and plainly why when it is not that one. */
function BaseNote() {
  const { t } = useTranslation();
  const mode = useAppStore((st) => st.training.mode);
  const fb = finetuneBase(useRuntime((s) => s.model));
  if (mode !== 'finetune' || !fb.opened) return null;
  const o = fb.opened;
  const vars = {
    name: o.opened?.name ?? o.id,
    params: o.parameters.toLocaleString(),
    gb: trainingGigabytes(o.parameters).toFixed(1),
    max: FINETUNE_MAX_PARAMETERS.toLocaleString(),
  };
  return (
    <p className={fb.reason ? 'notice' : 'muted'} data-testid="train-base-note" data-base={fb.id} data-reason={fb.reason ?? 'opened'}>
      {t(`training.base.${fb.reason ?? 'opened'}`, vars)}
    </p>
  );
}

export default function TrainingView() {
  const { t } = useTranslation();
  const phase = useLab((s) => s.phase);
  const config = useLab((s) => s.config);
  const checkpoints = useLab((s) => s.checkpoints);
  const locked = phase !== 'idle' && phase !== 'failed';
  return (
    <div className="training-view" data-testid="training-view">
      {/* The title heads the view for screen readers; on screen the chart comes first and the title folds under it. */}
      <h2 className="visually-hidden">{t('training.title')}</h2>
      <RunControls />
      {/* The loss chart first, the setup that shapes the run beside it. */}
      <div className="lab-main">
        <div className="lab-figures">
          <Panel
            id="training.loss"
            aria-labelledby="lab-loss-title"
            name="training-loss"
            title={t('training.loss.title')}
            svg={(panel) => panel.querySelector<SVGSVGElement>('svg')}
            data={() => ({ training: useLab.getState().losses, validation: useLab.getState().vals })}
          >
            <h3 id="lab-loss-title">{t('training.loss.title')}</h3>
            <LossChart />
            <p className="explain small">{t('training.loss.explain')}</p>
          </Panel>
          <Samples />
        </div>
        <div className="lab-side">
          <Setup locked={locked} />
          <BaseNote />
        </div>
      </div>
      <Panel
        id="training.heads"
        aria-labelledby="lab-heads-title"
        name="training-heads"
        title={t('training.heads.title')}
        data={() => ({ config, checkpoints })}
      >
        <h3 id="lab-heads-title">{t('training.heads.title')}</h3>
        <p className="explain">{t('training.heads.explain')}</p>
        {config ? (
          <HeadsCompare checkpoints={checkpoints} L={config.nLayers} H={config.nHeads} />
        ) : (
          <p className="muted">{t('training.heads.empty')}</p>
        )}
        <h4>{t('training.metrics.title')}</h4>
        <MetricsTable checkpoints={checkpoints} />
        <p className="explain small">{t('training.metrics.explain')}</p>
      </Panel>
      <LabModels />
      {/* The view's title and what it is about: folded under the figures, one click away. */}
      <details className="about lab-explain">
        <summary>
          <span className="about-title">{t('training.title')}</span>
        </summary>
        <h3 className="sub-h">{t('training.explain.summary')}</h3>
        <p>{t('training.explain.pretrain')}</p>
        <p>{t('training.explain.finetune')}</p>
        <p>{t('training.explain.watch')}</p>
        <p>{t('training.explain.same')}</p>
      </details>
    </div>
  );
}
