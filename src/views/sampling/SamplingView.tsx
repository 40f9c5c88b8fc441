/**
 * Sampling view: generation step by step ("文字接龙"). At every step the
 * model's distribution over the whole vocabulary, reshaped by temperature,
 * top-k and top-p, and the seeded draw that picked the token. For a masked
 * model, each step fills the next [MASK] of the prompt.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportSteps } from '../../analysis/samplingChart';
import { Panel, useShown } from '../../components/Panel';
import { motionMs } from '../../lib/motion';
import { capacity } from '../../model/generate';
import type { SamplerSettings } from '../../model/sampling';
import { useAppStore } from '../../state/store';
import { ChangeNote } from './ChangeNote';
import { Player, SettingsControls } from './Controls';
import { EntropyChart } from './EntropyChart';
import { GeneratedText, ProbLegend } from './GeneratedText';
import { PreviewChart, usePreview } from './PreviewChart';
import { StepChart } from './StepChart';
import { useGeneration } from './useGeneration';
import './sampling.css';

const PLAY_DELAY_MS = 250;
/** While playing, steps computed ahead of the one shown: one engine message per this many + 1 steps. */
const PLAY_AHEAD = 7;

export default function SamplingView() {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState(false);
  const gen = useGeneration(playing ? PLAY_AHEAD : 0);
  const s = useAppStore((st) => st.sampling);
  const update = useAppStore((st) => st.update);
  const controlsShown = useShown('sampling.controls');
  const { plan, steps, tokenizer, busy, stopped } = gen;
  const mlm = plan?.mode === 'mlm';
  const room = plan ? capacity(plan) : 0;
  const limit = mlm ? room : Math.min(s.maxTokens, room);
  const canStep = !!plan && !busy && stopped === null && steps.length < limit;
  const selected = steps.length === 0 ? 0 : s.step === null ? steps.length - 1 : Math.min(s.step, steps.length - 1);
  const settings: SamplerSettings = useMemo(
    () => ({ temperature: s.temperature, topK: s.topK, topP: s.topP }),
    [s.temperature, s.topK, s.topP],
  );

  const stepOnce = useCallback(() => {
    update('sampling', { generated: Math.min(256, steps.length + 1), step: null });
  }, [steps.length, update]);

  // Continuous generation: one more step each time the previous one is on screen.
  useEffect(() => {
    if (!playing) return;
    if (!canStep) {
      if (!busy) setPlaying(false);
      return;
    }
    const timer = setTimeout(stepOnce, motionMs(PLAY_DELAY_MS));
    return () => clearTimeout(timer);
  }, [playing, canStep, busy, stepOnce]);

  const select = (i: number) => update('sampling', { step: i >= steps.length - 1 ? null : i });
  const step = steps[selected];
  const preview = usePreview(plan, gen.modelId);
  const pieceOf = useCallback((id: number) => tokenizer?.display(id) ?? '?', [tokenizer]);

  const exportData = () =>
    plan && tokenizer
      ? {
          model: gen.modelId,
          mode: plan.mode,
          promptIds: plan.promptIds,
          settings,
          seed: s.seed,
          order: 'descending probability, ties by lower id; u picks the token whose cumulative interval [lo, hi) holds it',
          steps: exportSteps(steps, settings, pieceOf),
        }
      : null;
  const fileBase = `sampling-${gen.modelId ?? 'model'}-seed${s.seed}`;

  return (
    <section className="sampling-view" aria-labelledby="sampling-h">
      {/* The title heads the view for screen readers; on screen the figure comes first and the title folds under it. */}
      <h2 id="sampling-h" className="visually-hidden">
        {mlm ? t('sampling.titleMask') : t('sampling.title')}
      </h2>
      <div className={controlsShown ? 'sampling-layout' : 'sampling-layout sampling-layout-full'}>
        <Panel
          id="sampling.controls"
          as="aside"
          className="sampling-side panel-bar"
          name="sampling-settings"
          title={t('sampling.controls.label')}
          data={() => ({ ...settings, seed: s.seed, maxTokens: s.maxTokens })}
        >
          <SettingsControls mlm={mlm} />
        </Panel>
        <div className="sampling-main">
          <Panel
            id="sampling.text"
            as="div"
            className="panel-bar"
            name={`${fileBase}-text`}
            title={t('sampling.text.heading')}
            data={exportData}
          >
            <Player
              playing={playing}
              canStep={canStep}
              count={steps.length}
              selected={selected}
              busy={busy}
              onPlay={() => setPlaying(true)}
              onPause={() => setPlaying(false)}
              onStep={stepOnce}
              onBack={() => update('sampling', { generated: Math.max(0, steps.length - 1), step: null })}
              onReset={() => update('sampling', { generated: 0, step: null })}
              onSelect={select}
            />
            <Notices gen={gen} mlm={mlm} limit={limit} count={steps.length} />
            {plan && tokenizer ? (
              <>
                <h3 className="sub-h">{t('sampling.text.heading')}</h3>
                <GeneratedText plan={plan} steps={steps} tokenizer={tokenizer} selected={selected} onSelect={select} />
                <ProbLegend />
                <ChangeNote gen={gen} />
              </>
            ) : null}
          </Panel>
          {!step && preview && plan && tokenizer ? (
            <Panel
              id="sampling.chart"
              as="div"
              name={`${fileBase}-before-step1`}
              title={t('sampling.preview.panelTitle')}
              data={() => ({ ...exportData(), preview: { position: preview.position, logits: preview.logits } })}
              svg={(panel) => panel.querySelector<SVGSVGElement>('svg[data-testid="sampling-chart"]')}
            >
              <PreviewChart {...preview} settings={settings} pieceOf={pieceOf} plan={plan} tokenizer={tokenizer} />
            </Panel>
          ) : null}
          {step && plan && tokenizer ? (
            <Panel
              id="sampling.chart"
              as="div"
              name={`${fileBase}-step${selected + 1}`}
              title={t('sampling.chart.panelTitle', { n: selected + 1 })}
              data={exportData}
              svg={(panel) => panel.querySelector<SVGSVGElement>('svg[data-testid="sampling-chart"]')}
            >
              <StepChart steps={steps} index={selected} settings={settings} pieceOf={pieceOf} plan={plan} tokenizer={tokenizer} />
            </Panel>
          ) : null}
          {steps.length > 0 ? (
            <Panel
              id="sampling.entropy"
              as="div"
              name={`${fileBase}-entropy`}
              title={t('sampling.entropy.heading')}
              data={() => ({ entropy: steps.map((x, i) => ({ step: i + 1, sampledBits: x.entropy, modelBits: x.entropyModel })) })}
            >
              <h3 className="sub-h">{t('sampling.entropy.heading')}</h3>
              <p className="explain">{t('sampling.entropy.explain')}</p>
              <EntropyChart steps={steps} selected={selected} />
            </Panel>
          ) : null}
        </div>
      </div>
      {/* The view's title and how it works: folded under the chart, one click away. */}
      <Panel
        id="sampling.explain"
        as="details"
        className="about sampling-explain"
        name="sampling-explanation"
        title={t('sampling.explain.summary')}
      >
        <summary>
          <span className="about-title">{mlm ? t('sampling.titleMask') : t('sampling.title')}</span>
        </summary>
        <h3 className="sub-h">{t('sampling.explain.summary')}</h3>
        <p>{mlm ? t('sampling.explain.mask') : t('sampling.explain.chain', { vocab: (tokenizer?.size ?? 0).toLocaleString() })}</p>
        <p>{t('sampling.explain.why')}</p>
        <p>{t('sampling.explain.temperature')}</p>
        <p>{t('sampling.explain.cutoffs')}</p>
        <p>{t('sampling.explain.seed')}</p>
      </Panel>
    </section>
  );
}

function Notices({ gen, mlm, limit, count }: { gen: ReturnType<typeof useGeneration>; mlm: boolean; limit: number; count: number }) {
  const { t } = useTranslation();
  const update = useAppStore((st) => st.update);
  const prompt = useAppStore((st) => st.prompt.text);
  const out: React.ReactNode[] = [];
  if (gen.error)
    out.push(
      <p key="err" className="notice notice-error">
        {t('sampling.notice.error', { message: gen.error })}
      </p>,
    );
  if (!gen.plan)
    out.push(
      <p key="wait" className="muted">
        {t('sampling.notice.waiting')}
      </p>,
    );
  else if (gen.plan.promptIds.length === 0)
    out.push(
      <p key="empty" className="notice">
        {t('sampling.notice.empty')}
      </p>,
    );
  else if (mlm && limit === 0)
    out.push(
      <p key="mask" className="notice" data-testid="need-mask">
        {t('sampling.notice.needMask')}{' '}
        <button type="button" onClick={() => update('prompt', { text: `${prompt.trimEnd()} [MASK]` })}>
          {t('sampling.notice.addMask')}
        </button>
      </p>,
    );
  else if (!mlm && limit === 0)
    out.push(
      <p key="full" className="notice">
        {t('sampling.notice.contextFull', { ctx: gen.plan.contextLength })}
      </p>,
    );
  if (gen.dropped > 0)
    out.push(
      <p key="dropped" className="notice">
        {t('sampling.notice.dropped', { count: gen.dropped })}
      </p>,
    );
  if (gen.stopped === 'end')
    out.push(
      <p key="end" className="muted" data-testid="stopped-end">
        {t('sampling.notice.end')}
      </p>,
    );
  else if (count > 0 && count >= limit && !gen.busy)
    out.push(
      <p key="limit" className="muted">
        {mlm ? t('sampling.notice.allFilled') : t('sampling.notice.limit', { count: limit })}
      </p>,
    );
  if (count === 0 && gen.plan && limit > 0 && !gen.busy)
    out.push(
      <p key="start" className="muted">
        {t('sampling.notice.start')}
      </p>,
    );
  return <>{out}</>;
}
