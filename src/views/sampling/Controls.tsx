import * as Slider from '@radix-ui/react-slider';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SamplingChoice } from '../../state/slices/sampling';
import { useAppStore } from '../../state/store';

interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  shown: string;
  testId: string;
  onChange: (v: number) => void;
  hint?: string;
}

export function LabeledSlider({ label, value, min, max, step, shown, testId, onChange, hint }: SliderProps) {
  const id = useId();
  return (
    <div className="control">
      <div className="control-head">
        <span id={id}>{label}</span>
        <output className="control-value" data-testid={`${testId}-value`}>
          {shown}
        </output>
      </div>
      <Slider.Root
        className="slider"
        data-testid={testId}
        value={[value]}
        min={min}
        max={max}
        step={step}
        onValueChange={([v]) => onChange(v as number)}
      >
        <Slider.Track className="slider-track">
          <Slider.Range className="slider-range" />
        </Slider.Track>
        <Slider.Thumb className="slider-thumb" aria-labelledby={id} aria-valuetext={shown} />
      </Slider.Root>
      {hint ? <p className="control-hint">{hint}</p> : null}
    </div>
  );
}

/** Temperature (with greedy), top-k, top-p and the seed. */
export function SettingsControls({ mlm }: { mlm: boolean }) {
  const { t } = useTranslation();
  const s = useAppStore((st) => st.sampling);
  const update = useAppStore((st) => st.update);
  const set = (patch: Partial<SamplingChoice>) => update('sampling', patch);
  const seedId = useId();
  const maxId = useId();
  return (
    <fieldset className="sampling-controls">
      <legend className="visually-hidden">{t('sampling.controls.label')}</legend>
      <LabeledSlider
        label={t('sampling.controls.temperature')}
        testId="temperature"
        value={s.temperature}
        min={0}
        max={3}
        step={0.05}
        shown={s.temperature === 0 ? t('sampling.controls.greedy') : s.temperature.toFixed(2)}
        onChange={(v) => set({ temperature: Math.round(v * 100) / 100 })}
        hint={t('sampling.controls.temperatureHint')}
      />
      <div className="control-buttons">
        <button type="button" aria-pressed={s.temperature === 0} onClick={() => set({ temperature: 0 })} data-testid="greedy">
          {t('sampling.controls.greedyButton')}
        </button>
        <button type="button" onClick={() => set({ temperature: 1 })}>
          {t('sampling.controls.t1')}
        </button>
      </div>
      <LabeledSlider
        label={t('sampling.controls.topK')}
        testId="top-k"
        value={Math.min(s.topK, 100)}
        min={0}
        max={100}
        step={1}
        shown={s.topK === 0 ? t('sampling.controls.off') : String(s.topK)}
        onChange={(v) => set({ topK: v })}
      />
      <LabeledSlider
        label={t('sampling.controls.topP')}
        testId="top-p"
        value={s.topP}
        min={0.05}
        max={1}
        step={0.01}
        shown={s.topP >= 1 ? t('sampling.controls.off') : s.topP.toFixed(2)}
        onChange={(v) => set({ topP: Math.min(1, Math.max(0.05, Math.round(v * 100) / 100)) })}
      />
      <div className="control control-row">
        <label htmlFor={seedId}>{t('sampling.controls.seed')}</label>
        <input
          id={seedId}
          data-testid="seed"
          type="number"
          min={0}
          max={4294967295}
          step={1}
          value={s.seed}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isInteger(v) && v >= 0 && v <= 4294967295) set({ seed: v });
          }}
        />
        <button type="button" data-testid="new-seed" onClick={() => set({ seed: (s.seed + 1) >>> 0 })}>
          {t('sampling.controls.nextSeed')}
        </button>
      </div>
      {mlm ? null : (
        <div className="control control-row">
          <label htmlFor={maxId}>{t('sampling.controls.maxTokens')}</label>
          <input
            id={maxId}
            data-testid="max-tokens"
            type="number"
            min={1}
            max={128}
            value={s.maxTokens}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 1 && v <= 128) set({ maxTokens: v });
            }}
          />
        </div>
      )}
    </fieldset>
  );
}

interface PlayerProps {
  playing: boolean;
  canStep: boolean;
  count: number;
  selected: number;
  busy: boolean;
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onBack: () => void;
  onReset: () => void;
  onSelect: (i: number) => void;
}

/** Play / pause / step / back / reset, and the scrubber over the steps done. */
export function Player(p: PlayerProps) {
  const { t } = useTranslation();
  return (
    <div className="player">
      <fieldset className="player-buttons">
        <legend className="visually-hidden">{t('sampling.player.label')}</legend>
        {p.playing ? (
          <button type="button" data-testid="pause" onClick={p.onPause}>
            ❚❚ {t('sampling.player.pause')}
          </button>
        ) : (
          <button type="button" data-testid="play" onClick={p.onPlay} disabled={!p.canStep}>
            ▶ {t('sampling.player.play')}
          </button>
        )}
        <button type="button" data-testid="step" onClick={p.onStep} disabled={!p.canStep || p.playing}>
          {t('sampling.player.step')} →
        </button>
        <button type="button" data-testid="back" onClick={p.onBack} disabled={p.count === 0 || p.playing}>
          ← {t('sampling.player.back')}
        </button>
        <button type="button" data-testid="reset" onClick={p.onReset} disabled={p.count === 0 || p.playing}>
          {t('sampling.player.reset')}
        </button>
        <span className="muted small" data-testid="gen-status" data-busy={String(p.busy)}>
          {p.busy ? t('sampling.player.busy') : t('sampling.player.count', { count: p.count })}
        </span>
      </fieldset>
      {p.count > 0 ? (
        <LabeledSlider
          label={t('sampling.player.scrubber')}
          testId="step-scrubber"
          value={p.selected}
          min={0}
          max={Math.max(0, p.count - 1)}
          step={1}
          shown={t('sampling.player.stepOf', { step: p.selected + 1, count: p.count })}
          onChange={p.onSelect}
        />
      ) : null}
    </div>
  );
}
