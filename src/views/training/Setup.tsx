/**
 * The Training lab's setup: what to train (from scratch or fine-tuning
 * tiny-gpt), on which text, and the run's sizes and schedule — all part of the
 * link. Locked while a run is in progress.
 */
import { useTranslation } from 'react-i18next';
import { Panel } from '../../components/Panel';
import { SCRATCH_SIZES } from '../../model/train';
import { useLab } from '../../state/lab';
import { finetuneDefaults, TRAIN_CORPORA, type TrainingChoice, trainingDefaults } from '../../state/slices/training';
import { useAppStore } from '../../state/store';

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  disabled: boolean;
  testId: string;
  onChange: (v: number) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        disabled={props.disabled}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= props.min && v <= props.max) props.onChange(v);
        }}
      />
    </label>
  );
}

export function Setup({ locked }: { locked: boolean }) {
  const { t } = useTranslation();
  const s = useAppStore((st) => st.training);
  const update = useAppStore((st) => st.update);
  const customText = useLab((st) => st.customText);
  const set = (patch: Partial<TrainingChoice>) => update('training', patch);
  return (
    <Panel
      id="training.setup"
      as="fieldset"
      className="lab-setup panel-bar"
      disabledFieldset={locked}
      data-testid="train-setup"
      name="training-setup"
      title={t('training.setup.label')}
      data={() => ({ ...s })}
    >
      <legend>{t('training.setup.label')}</legend>
      <div className="lab-grid">
        <label className="field">
          <span>{t('training.setup.mode')}</span>
          <select
            data-testid="train-mode"
            value={s.mode}
            onChange={(e) => {
              const mode = e.target.value as TrainingChoice['mode'];
              const defaults = mode === 'finetune' ? finetuneDefaults : trainingDefaults;
              set({
                mode,
                learningRate: defaults.learningRate ?? s.learningRate,
                batchSize: defaults.batchSize ?? s.batchSize,
                seqLen: defaults.seqLen ?? s.seqLen,
                maxSteps: defaults.maxSteps ?? s.maxSteps,
                sampleEvery: defaults.sampleEvery ?? s.sampleEvery,
                corpus: mode === 'finetune' && s.corpus === 'repeats' ? 'custom' : s.corpus,
              });
            }}
          >
            <option value="scratch">{t('training.setup.scratch')}</option>
            <option value="finetune">{t('training.setup.finetune')}</option>
          </select>
        </label>
        {s.mode === 'scratch' ? (
          <label className="field">
            <span>{t('training.setup.size')}</span>
            <select
              data-testid="train-size"
              value={s.size}
              onChange={(e) => {
                const size = e.target.value as TrainingChoice['size'];
                const ctx = SCRATCH_SIZES.find((z) => z.id === size)?.contextLength ?? 32;
                set({ size, seqLen: Math.min(ctx, Math.max(s.seqLen, 32)) });
              }}
            >
              {SCRATCH_SIZES.map((z) => (
                <option key={z.id} value={z.id}>
                  {t(`training.setup.sizes.${z.id}`, { d: z.dModel, layers: z.nLayers, heads: z.nHeads, ctx: z.contextLength })}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="field">
          <span>{t('training.setup.corpus')}</span>
          <select data-testid="train-corpus" value={s.corpus} onChange={(e) => set({ corpus: e.target.value as TrainingChoice['corpus'] })}>
            {TRAIN_CORPORA.map((c) => (
              <option key={c} value={c}>
                {t(`training.setup.corpora.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {s.corpus === 'custom' ? (
        <label className="field">
          <span>{t('training.setup.customLabel')}</span>
          <textarea
            data-testid="train-text"
            rows={5}
            value={customText}
            placeholder={t('training.setup.customPlaceholder')}
            onChange={(e) => useLab.setState({ customText: e.target.value })}
          />
          <span className="muted small">{t('training.setup.customCount', { chars: customText.length.toLocaleString() })}</span>
        </label>
      ) : null}
      <div className="lab-grid">
        <NumberField
          label={t('training.setup.learningRate')}
          testId="train-lr"
          value={s.learningRate}
          min={0.00001}
          max={0.1}
          step={0.0001}
          disabled={locked}
          onChange={(v) => set({ learningRate: v })}
        />
        <NumberField
          label={t('training.setup.batchSize')}
          testId="train-batch"
          value={s.batchSize}
          min={1}
          max={64}
          disabled={locked}
          onChange={(v) => set({ batchSize: v })}
        />
        <NumberField
          label={t('training.setup.seqLen')}
          testId="train-seqlen"
          value={s.seqLen}
          min={4}
          max={128}
          disabled={locked}
          onChange={(v) => set({ seqLen: v })}
        />
        <NumberField
          label={t('training.setup.seed')}
          testId="train-seed"
          value={s.seed}
          min={0}
          max={2 ** 32 - 1}
          disabled={locked}
          onChange={(v) => set({ seed: v })}
        />
        <NumberField
          label={t('training.setup.maxSteps')}
          testId="train-max-steps"
          value={s.maxSteps}
          min={1}
          max={100_000}
          disabled={locked}
          onChange={(v) => set({ maxSteps: v })}
        />
        <NumberField
          label={t('training.setup.sampleEvery')}
          testId="train-sample-every"
          value={s.sampleEvery}
          min={5}
          max={10_000}
          disabled={locked}
          onChange={(v) => set({ sampleEvery: v })}
        />
        <label className="field">
          <span>{t('training.setup.samplePrompt')}</span>
          <input
            type="text"
            data-testid="train-prompt"
            value={s.samplePrompt}
            maxLength={200}
            onChange={(e) => set({ samplePrompt: e.target.value })}
          />
        </label>
      </div>
      {locked ? <p className="muted small">{t('training.setup.locked')}</p> : null}
    </Panel>
  );
}
