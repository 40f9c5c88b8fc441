import * as d3 from 'd3';
import { useTranslation } from 'react-i18next';
import { SERIES } from '../../lib/palette';
import { useWidth } from '../../lib/useWidth';
import type { GenStep } from '../../model/generate';

const H = 120;
const M = { top: 10, right: 10, bottom: 24, left: 36 };

/** Entropy per step (bits): the model's own distribution and the one sampled from. Small marks in JSX with d3 scales. */
export function EntropyChart({ steps, selected }: { steps: readonly GenStep[]; selected: number }) {
  const { t } = useTranslation();
  const [box, width] = useWidth<HTMLDivElement>();
  const W = Math.max(120, width - M.left - M.right);
  const n = steps.length;
  const x = d3
    .scaleLinear()
    .domain([0, Math.max(1, n - 1)])
    .range([0, W]);
  const yMax = Math.max(1, d3.max(steps, (s) => Math.max(s.entropy, s.entropyModel)) ?? 1);
  const y = d3
    .scaleLinear()
    .domain([0, yMax])
    .nice()
    .range([H - M.top - M.bottom, 0]);
  const line = (f: (s: GenStep) => number) =>
    d3
      .line<GenStep>()
      .x((_s, i) => x(i))
      .y((s) => y(f(s)))(steps as GenStep[]) ?? '';
  return (
    <div ref={box} className="entropy-box">
      <svg
        width={width}
        height={H}
        role="img"
        aria-label={t('sampling.entropy.aria')}
        data-testid="entropy-chart"
        data-entropy={steps.map((s) => s.entropy.toFixed(4)).join(',')}
      >
        <g transform={`translate(${M.left},${M.top})`}>
          {y.ticks(3).map((v) => (
            <g key={v} transform={`translate(0,${y(v)})`}>
              <line x2={W} stroke="var(--border)" />
              <text x={-6} dy="0.32em" textAnchor="end" className="tick-label">
                {v}
              </text>
            </g>
          ))}
          <text x={-M.left + 2} y={H - M.top - 6} className="tick-label">
            {t('sampling.entropy.bits')}
          </text>
          {n > 0 ? (
            <>
              <path d={line((s) => s.entropyModel)} fill="none" stroke={SERIES.reference} strokeDasharray="4 3" strokeWidth={1.5} />
              <path d={line((s) => s.entropy)} fill="none" stroke={SERIES.primary} strokeWidth={2} />
              {steps.map((s, i) => (
                <circle
                  key={`${i}-${s.draw.id}`}
                  cx={x(i)}
                  cy={y(s.entropy)}
                  r={i === selected ? 5 : 2.5}
                  fill={i === selected ? SERIES.secondary : SERIES.primary}
                >
                  <title>{t('sampling.entropy.tip', { step: i + 1, h: s.entropy.toFixed(2), hm: s.entropyModel.toFixed(2) })}</title>
                </circle>
              ))}
            </>
          ) : null}
          <text x={W} y={H - M.top - 6} textAnchor="end" className="tick-label">
            {t('sampling.entropy.step')}
          </text>
        </g>
      </svg>
      <div className="entropy-legend">
        <span className="legend-line legend-line-kept" aria-hidden="true" /> {t('sampling.entropy.sampled')}
        <span className="legend-line legend-line-model" aria-hidden="true" /> {t('sampling.entropy.model')}
      </div>
    </div>
  );
}
