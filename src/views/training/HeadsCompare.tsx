/** Every head's attention on the induction probe, before training and at the latest checkpoint. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { headMatrix } from '../../analysis/attention';
import type { CheckpointMetrics } from '../../analysis/training';
import { drawThumbnail } from '../attention/heatmap';

function Head({ c, layer, head, L, H }: { c: CheckpointMetrics; layer: number; head: number; L: number; H: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current && c.T > 0) drawThumbnail(ref.current, headMatrix(c.attention, { L, H, T: c.T }, layer, head), c.T, true);
  }, [c, layer, head, L, H]);
  const score = c.roles[layer]?.[head]?.induction ?? 0;
  return (
    <div className="lab-head">
      <canvas ref={ref} role="img" aria-label={t('training.heads.aria', { layer, head, step: c.step })} />
      <span className="small">
        {t('training.heads.layerHead', { layer, head })} · {t('training.heads.induction', { score: score.toFixed(2) })}
      </span>
    </div>
  );
}

export function HeadGrid({ c, L, H, title, testId }: { c: CheckpointMetrics; L: number; H: number; title: string; testId: string }) {
  return (
    <div className="lab-heads" data-testid={testId} data-step={c.step}>
      <h4>{title}</h4>
      <div className="lab-head-grid" style={{ gridTemplateColumns: `repeat(${H}, minmax(0, 1fr))` }}>
        {Array.from({ length: L }, (_, l) =>
          Array.from({ length: H }, (_, h) => <Head key={`${l}-${h}`} c={c} layer={l} head={h} L={L} H={H} />),
        )}
      </div>
    </div>
  );
}

export function HeadsCompare({ checkpoints, L, H }: { checkpoints: CheckpointMetrics[]; L: number; H: number }) {
  const { t } = useTranslation();
  const first = checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  if (!first || !last) return <p className="muted">{t('training.heads.empty')}</p>;
  return (
    <div className="lab-compare">
      <HeadGrid c={first} L={L} H={H} title={t('training.heads.before')} testId="heads-before" />
      <HeadGrid c={last} L={L} H={H} title={t('training.heads.now', { step: last.step })} testId="heads-now" />
    </div>
  );
}
