import { useTranslation } from 'react-i18next';
import type { GenStep } from '../../model/generate';
import type { Generation } from './useGeneration';

/**
 * After a change of temperature, top-k, top-p or seed: which step first drew
 * another token, why (same u, reshaped distribution; or new u), and the text
 * before the change, so the two runs can be compared.
 */
export function ChangeNote({ gen }: { gen: Generation }) {
  const { t } = useTranslation();
  const { diff, steps, tokenizer, busy } = gen;
  if (!diff || !tokenizer) return null;
  const now = steps[diff.at] as GenStep | undefined;
  const oldId = diff.before[diff.at];
  const piece = (id: number | undefined) => (id === undefined ? '—' : tokenizer.display(id));
  const kept = diff.before.slice(0, diff.at);
  const dropped = diff.before.slice(diff.at);
  return (
    <div className="change-note" data-testid="change-note" data-at={diff.at} role="status">
      <p>
        {diff.cause === 'seed'
          ? t('sampling.change.seed', { step: diff.at + 1 })
          : t(diff.at === 0 ? 'sampling.change.settingsFirst' : 'sampling.change.settings', {
              step: diff.at + 1,
              same: diff.at,
              u: now ? now.u.toFixed(3) : '—',
              old: piece(oldId),
              now: piece(now?.draw.id),
            })}{' '}
        {busy ? t('sampling.change.regenerating') : t('sampling.change.regenerated')}
      </p>
      <p className="change-before">
        <span className="muted">{t('sampling.change.before')} </span>
        <span>{tokenizer.decode(kept)}</span> <del>{tokenizer.decode(dropped)}</del>
      </p>
    </div>
  );
}
