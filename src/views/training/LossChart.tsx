/**
 * Training and held-out loss against the step (SVG, d3 scales; React draws the elements). Drawn before the first
 * step too: the axes over the planned steps and the loss of a blind guess, ln(vocabulary), where a model with
 * random weights starts.
 */
import { extent, line, max, min, scaleLinear } from 'd3';
import { useTranslation } from 'react-i18next';
import { thin } from '../../analysis/training';
import { useWidth } from '../../lib/useWidth';
import { useLab } from '../../state/lab';
import { useRuntime } from '../../state/runtime';
import { useAppStore } from '../../state/store';

// Drawn at the size it gets (min 280 px wide, 200 to 300 tall), so its labels keep their size on a phone and a projector.
const MIN_W = 280;
const M = { top: 12, right: 16, bottom: 34, left: 44 };

export function LossChart() {
  const { t } = useTranslation();
  const [box, boxWidth] = useWidth<HTMLElement>(560);
  const W = Math.max(MIN_W, boxWidth);
  const H = Math.round(Math.min(300, Math.max(200, (W * 220) / 560)));
  const losses = useLab((s) => s.losses);
  const vals = useLab((s) => s.vals);
  // The lab's tokenizer is the shipped models' (scratch models borrow it): the same vocabulary size.
  const labVocab = useLab((s) => s.config?.vocabSize);
  const shippedVocab = useRuntime((s) => s.model?.config.vocabSize);
  const vocab = labVocab ?? shippedVocab ?? 0;
  const maxSteps = useAppStore((s) => s.training.maxSteps);
  const train = thin(losses, 600);
  const all = [...train, ...vals];
  const empty = all.length === 0;
  const blind = vocab > 1 ? Math.log(vocab) : null;
  const [x0, x1] = empty ? [0, Math.max(1, maxSteps)] : (extent(all, (p) => p.step) as [number, number]);
  const x = scaleLinear()
    .domain([x0, Math.max(x1, x0 + 1)])
    .range([M.left, W - M.right]);
  const lo = empty ? 0 : Math.max(0, (min(all, (p) => p.loss) ?? 0) - 0.2);
  const hi = Math.max(empty ? (blind ?? 8) + 0.5 : (max(all, (p) => p.loss) ?? 1) + 0.2, lo + 0.5);
  const y = scaleLinear()
    .domain([lo, hi])
    .nice()
    .range([H - M.bottom, M.top]);
  const [y0, y1] = y.domain() as [number, number];
  const showBlind = blind !== null && blind >= y0 && blind <= y1;
  const path = line<{ step: number; loss: number }>()
    .x((p) => x(p.step))
    .y((p) => y(p.loss));
  return (
    <figure className="loss-chart" ref={box}>
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
        {showBlind && blind !== null ? (
          <g className="blind-guess" data-testid="loss-blind" data-loss={blind.toFixed(3)}>
            <line x1={M.left} x2={W - M.right} y1={y(blind)} y2={y(blind)} />
            <text x={W - M.right - 4} y={y(blind) - 5} textAnchor="end">
              {t('training.loss.blind', { vocab: vocab.toLocaleString(), loss: blind.toFixed(2) })}
            </text>
          </g>
        ) : null}
        <path d={path(train) ?? ''} className="train-line" />
        <path d={path(vals) ?? ''} className="val-line" />
        {vals.map((p) => (
          <circle key={p.step} cx={x(p.step)} cy={y(p.loss)} r={2.5} className="val-dot" />
        ))}
      </svg>
      <figcaption className="legend">
        <span className="key key-train" /> {t('training.loss.train')} <span className="key key-val" /> {t('training.loss.val')}
      </figcaption>
      {empty ? <p className="muted small">{t('training.loss.empty')}</p> : null}
    </figure>
  );
}
