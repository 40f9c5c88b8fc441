import { useTranslation } from 'react-i18next';
import { useEffectiveModelId, useRuntime } from '../state/runtime';
import { ablationDefaults, headsOff } from '../state/slices/ablation';
import { useAppStore } from '../state/store';

/**
 * Beside the text, on every view: which heads are switched off (Attention
 * view), how, and "all on" — so no view's numbers are mistaken for the full
 * model's.
 */
export function AblationNotice() {
  const { t } = useTranslation();
  const ablation = useAppStore((s) => s.ablation);
  const update = useAppStore((s) => s.update);
  const modelId = useEffectiveModelId();
  const model = useRuntime((s) => s.model);
  if (!model || model.id !== modelId) return null;
  const heads = headsOff(ablation, modelId, model.config.nLayers, model.config.nHeads);
  if (heads.length === 0) return null;
  return (
    <p className="notice small ablation-notice" data-testid="ablation-notice" data-count={heads.length} data-kind={ablation.kind}>
      {t('ablation.notice', {
        count: heads.length,
        kind: t(`ablation.kindName.${ablation.kind}`),
        heads: heads.map(([l, h]) => t('ablation.head', { layer: l, head: h })).join(', '),
      })}{' '}
      <button type="button" onClick={() => update('ablation', { model: ablationDefaults.model, heads: ablationDefaults.heads })}>
        {t('ablation.allOn')}
      </button>
    </p>
  );
}
