import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../analysis/probability';
import { probabilityRamp, probabilityText } from '../../lib/palette';
import { type GenerationPlan, type GenStep, sequenceAfter } from '../../model/generate';
import type { TextTokenizer } from '../../model/textTokenizer';

/** Colour for a probability: pale yellow (unlikely) to dark blue (likely); colour-blind safe, single direction. */
export function probColor(p: number): string {
  return probabilityRamp(p);
}

/** The text each token adds when decoded after the ones before it (spaces and word pieces as decode() joins them). */
export function pieceTexts(tokenizer: TextTokenizer, ids: readonly number[]): string[] {
  const out: string[] = [];
  let prev = '';
  for (let i = 0; i < ids.length; i++) {
    const s = tokenizer.decode(ids.slice(0, i + 1));
    out.push(s.startsWith(prev) ? s.slice(prev.length) : ` ${tokenizer.pieceOf(ids[i] as number)}`);
    prev = s;
  }
  return out;
}

interface Props {
  plan: GenerationPlan;
  steps: readonly GenStep[];
  tokenizer: TextTokenizer;
  selected: number;
  onSelect: (step: number) => void;
}

/** The prompt and the generated tokens, each coloured by the probability it was drawn with. */
export function GeneratedText({ plan, steps, tokenizer, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const ids = useMemo(() => sequenceAfter(plan, steps), [plan, steps]);
  const texts = useMemo(() => pieceTexts(tokenizer, ids), [tokenizer, ids]);
  const stepAt = useMemo(() => {
    const m = new Map<number, number>();
    steps.forEach((s, i) => {
      m.set(plan.mode === 'clm' ? plan.promptIds.length + i : s.position, i);
    });
    return m;
  }, [plan, steps]);
  const generatedIds = steps.map((s) => s.draw.id);
  return (
    <p
      className="generated-text"
      data-testid="generated-text"
      data-tokens={generatedIds.join(',')}
      data-text={tokenizer.decode(generatedIds)}
      data-count={steps.length}
    >
      {ids.map((id, pos) => {
        const i = stepAt.get(pos);
        const text = texts[pos] ?? '';
        if (i === undefined) {
          return (
            <span key={pos} className={id === plan.maskId ? 'gen-prompt gen-mask' : 'gen-prompt'}>
              {text}
            </span>
          );
        }
        const s = steps[i] as GenStep;
        const lead = text.match(/^\s*/)?.[0] ?? '';
        const tip = t('sampling.text.tip', { step: i + 1, p: formatPercent(s.draw.p), rank: s.draw.rank + 1 });
        return (
          <span key={pos}>
            {lead}
            <button
              type="button"
              className={`gen-token${i === selected ? ' gen-selected' : ''}${id === plan.endId ? ' gen-end' : ''}`}
              style={{ background: probColor(s.draw.p), color: probabilityText(s.draw.p) }}
              title={tip}
              aria-label={`${text.trim() || tokenizer.pieceOf(id)} — ${tip}`}
              aria-pressed={i === selected}
              data-step={i}
              data-prob={s.draw.p.toPrecision(8)}
              data-rank={s.draw.rank + 1}
              onClick={() => onSelect(i)}
            >
              {text.slice(lead.length) || tokenizer.pieceOf(id)}
            </button>
          </span>
        );
      })}
    </p>
  );
}

/** The colour legend of the generated text. */
export function ProbLegend() {
  const { t } = useTranslation();
  const stops = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="prob-legend" aria-hidden="true">
      <span>{t('sampling.text.legendLow')}</span>
      <span className="prob-ramp" style={{ background: `linear-gradient(to right, ${stops.map((p) => probColor(p)).join(',')})` }} />
      <span>{t('sampling.text.legendHigh')}</span>
    </div>
  );
}
