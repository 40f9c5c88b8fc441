import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../analysis/probability';
import { chartData } from '../../analysis/samplingChart';
import { type GenerationPlan, type GenStep, sequenceAfter } from '../../model/generate';
import type { SamplerSettings } from '../../model/sampling';
import type { TextTokenizer } from '../../model/textTokenizer';
import { displayPiece } from '../../model/tokenizer';
import { SamplingChart } from './SamplingChart';

const BARS = 20;
const CONTEXT_TAIL = 6;

interface Props {
  steps: readonly GenStep[];
  index: number;
  settings: SamplerSettings;
  pieceOf: (id: number) => string;
  plan: GenerationPlan;
  tokenizer: TextTokenizer;
}

/** The selected step: what the model read, its distribution under the current settings, and the draw. */
export function StepChart({ steps, index, settings, pieceOf, plan, tokenizer }: Props) {
  const { t } = useTranslation();
  const step = steps[index] as GenStep;
  // Re-derived from the kept logits on every settings change: no model pass needed.
  const data = useMemo(() => chartData(step.logits, settings, step.u, BARS), [step, settings]);
  // The sequence as the model read it at this step (for a masked model, with this step's slot still [MASK]).
  const read = useMemo(() => sequenceAfter(plan, steps.slice(0, index)), [plan, steps, index]);
  const readIds = plan.mode === 'clm' ? read.slice(Math.max(0, read.length - CONTEXT_TAIL)) : read;
  const lead = plan.mode === 'clm' && read.length > CONTEXT_TAIL ? '… ' : '';
  const piece = displayPiece(pieceOf(data.draw.id));
  return (
    <div data-testid="step-chart" data-step={index}>
      <h3 className="sub-h">
        {plan.mode === 'clm'
          ? t('sampling.chart.headingStep', { step: index + 1 })
          : t('sampling.chart.headingMask', { step: index + 1, pos: step.position + 1 })}
      </h3>
      <p className="muted small step-context">{t('sampling.chart.reads', { text: lead + tokenizer.decode(readIds) })}</p>
      <SamplingChart
        data={data}
        pieceOf={pieceOf}
        topK={settings.topK}
        topP={settings.topP}
        title={t('sampling.chart.aria', { step: index + 1 })}
      />
      <p className="draw-explain" data-testid="draw-explain" data-u={step.u} data-token={pieceOf(data.draw.id)}>
        {settings.temperature === 0
          ? t('sampling.chart.drawGreedy', { token: piece })
          : t('sampling.chart.draw', {
              u: step.u.toFixed(3),
              lo: data.draw.lo.toFixed(3),
              hi: data.draw.hi.toFixed(3),
              token: piece,
              p: formatPercent(data.draw.p),
              rank: data.draw.rank + 1,
            })}
      </p>
    </div>
  );
}
