/** Checkpoint metrics, before training and at every checkpoint since (thinned to a readable number of rows). */
import { useTranslation } from 'react-i18next';
import type { CheckpointMetrics } from '../../analysis/training';
import { thin } from '../../analysis/training';

const fmt = (v: number | undefined, digits = 2) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(100 * v)}%`);

function bestPrevious(c: CheckpointMetrics): { score: number; layer: number; head: number } {
  let best = { score: -1, layer: 0, head: 0 };
  c.roles.forEach((row, layer) => {
    row.forEach((r, head) => {
      if (r.previous > best.score) best = { score: r.previous, layer, head };
    });
  });
  return best;
}

export function MetricsTable({ checkpoints }: { checkpoints: CheckpointMetrics[] }) {
  const { t } = useTranslation();
  if (checkpoints.length === 0) return null;
  const rows = thin(checkpoints, 8);
  // Its own sideways scroll on a phone: the table never widens the page.
  return (
    <div className="lab-metrics-wrap">
      <table className="lab-metrics" data-testid="train-metrics">
        <thead>
          <tr>
            <th scope="col">{t('training.metrics.step')}</th>
            <th scope="col">{t('training.metrics.val')}</th>
            <th scope="col">{t('training.metrics.induction')}</th>
            <th scope="col">{t('training.metrics.previous')}</th>
            <th scope="col">{t('training.metrics.bankGap')}</th>
            <th scope="col">{t('training.metrics.bankAcc')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const last = c.senses[c.senses.length - 1];
            const prev = bestPrevious(c);
            return (
              <tr key={c.step} data-step={c.step} data-val={c.valLoss} data-induction={c.bestInduction.score.toFixed(4)}>
                <td>{c.step === 0 ? `0 (${t('training.metrics.before')})` : c.step}</td>
                <td>{fmt(c.valLoss)}</td>
                <td>
                  {fmt(c.bestInduction.score)}{' '}
                  <span className="muted small">
                    L{c.bestInduction.layer} H{c.bestInduction.head}
                  </span>
                </td>
                <td>
                  {fmt(prev.score)}{' '}
                  <span className="muted small">
                    L{prev.layer} H{prev.head}
                  </span>
                </td>
                <td>{fmt(last?.gap, 3)}</td>
                <td>{pct(last?.accuracy)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
