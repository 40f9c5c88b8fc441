import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { chartData } from '../../analysis/samplingChart';
import { type GenerationPlan, nextPosition } from '../../model/generate';
import type { SamplerSettings } from '../../model/sampling';
import type { TextTokenizer } from '../../model/textTokenizer';
import { useRuntime } from '../../state/runtime';
import { SamplingChart } from './SamplingChart';

const BARS = 20;
const CONTEXT_TAIL = 6;

/**
 * The distribution of the first step before it is drawn. The page's forward pass of the prompt (the one the
 * next-token panel shows) already holds it: the logits at the last position, or at the first [MASK] (often the
 * only row it read back). Returns null while that pass is of another model or another text.
 */
export function usePreview(plan: GenerationPlan | null, modelId: string | null): { logits: Float32Array; position: number } | null {
  const forward = useRuntime((s) => s.forward);
  const model = useRuntime((s) => s.model);
  return useMemo(() => {
    if (!plan || !forward || !model || forward.modelId !== modelId || model.id !== modelId) return null;
    const ids = forward.output.ids;
    if (ids.length !== plan.promptIds.length || plan.promptIds.some((id, i) => ids[i] !== id)) return null;
    const position = nextPosition(plan, []);
    if (position === null) return null;
    const V = model.config.vocabSize;
    // The engine may have read back only one position's row (the one the next-token panel shows).
    const only = forward.output.logitsRow;
    if (only !== undefined) return only === position ? { logits: forward.output.logits.subarray(0, V), position } : null;
    if (forward.output.logits.length < (position + 1) * V) return null;
    return { logits: forward.output.logits.subarray(position * V, (position + 1) * V), position };
  }, [plan, forward, model, modelId]);
}

interface Props {
  logits: Float32Array;
  position: number;
  settings: SamplerSettings;
  pieceOf: (id: number) => string;
  plan: GenerationPlan;
  tokenizer: TextTokenizer;
}

/** Before the first step: what the model already computed for the text, under the current settings, no draw yet. */
export function PreviewChart({ logits, position, settings, pieceOf, plan, tokenizer }: Props) {
  const { t } = useTranslation();
  // u does not matter: nothing is drawn (the chart marks no token and shows no u).
  const data = useMemo(() => chartData(logits, settings, 0, BARS), [logits, settings]);
  const ids = plan.mode === 'clm' ? plan.promptIds.slice(Math.max(0, plan.promptIds.length - CONTEXT_TAIL)) : plan.promptIds;
  const lead = plan.mode === 'clm' && plan.promptIds.length > CONTEXT_TAIL ? '… ' : '';
  return (
    <div data-testid="preview-chart" data-position={position}>
      <h3 className="sub-h">
        {plan.mode === 'clm' ? t('sampling.preview.heading') : t('sampling.preview.headingMask', { pos: position + 1 })}
      </h3>
      <p className="muted small step-context">{t('sampling.chart.reads', { text: lead + tokenizer.decode(ids) })}</p>
      <SamplingChart data={data} pieceOf={pieceOf} topK={settings.topK} topP={settings.topP} title={t('sampling.preview.aria')} preview />
      <p className="draw-explain" data-testid="preview-explain">
        {settings.temperature === 0 ? t('sampling.preview.greedy') : t('sampling.preview.draw')}
      </p>
    </div>
  );
}
