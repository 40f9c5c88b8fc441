/** Training and held-out loss against the step (SVG, d3 scales; React draws the elements). */
import { extent, line, max, min, scaleLinear } from 'd3';
import { useTranslation } from 'react-i18next';
import { thin } from '../../analysis/training';
import { useLab } from '../../state/lab';

const W = 560;
const H = 220;
const M = { top: 12, right: 16, bottom: 34, left: 44 };

export function LossChart() {
  const { t } = useTranslation();
  const losses = useLab((s) => s.losses);
  const vals = useLab((s) => s.vals);
  if (losses.length === 0 && vals.length === 0) return <p className="muted">{t('training.loss.empty')}</p>;
  const train = thin(losses, 600);
  const all = [...train, ...vals];
  const [x0, x1] = extent(all, (p) => p.step) as [number, number];
  const x = scaleLinear()
    .domain([x0, Math.max(x1, x0 + 1)])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([Math.max(0, (min(all, (p) => p.loss) ?? 0) - 0.2), (max(all, (p) => p.loss) ?? 1) + 0.2])
    .nice()
    .range([H - M.bottom, M.top]);
  const path = line<{ step: number; loss: number }>()
    .x((p) => x(p.step))
    .y((p) => y(p.loss));
  return (
    <figure className="loss-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('training.loss.aria')} data-testid="loss-chart">
        {y.ticks(5).map((v) => (
          <g key={`y${v}`}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {x.ticks(6).map((v) => (
          <text key={`x${v}`} x={x(v)} y={H - M.bottom + 16} textAnchor="middle">
            {v}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" className="axis-label">
          {t('training.loss.step')}
        </text>
        <path d={path(train) ?? ''} className="train-line" />
        <path d={path(vals) ?? ''} className="val-line" />
        {vals.map((p) => (
          <circle key={p.step} cx={x(p.step)} cy={y(p.loss)} r={2.5} className="val-dot" />
        ))}
      </svg>
      <figcaption className="legend">
        <span className="key key-train" /> {t('training.loss.train')} <span className="key key-val" /> {t('training.loss.val')}
      </figcaption>
    </figure>
  );
}
