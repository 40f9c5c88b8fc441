import { useTranslation } from 'react-i18next';
import { useLab } from '../state/lab';
import { DEFAULT_MODEL_ID, isLabModelId, MODELS } from '../state/models';
import { useRuntime } from '../state/runtime';
import { useAppStore } from '../state/store';

export function ModelPicker() {
  const { t } = useTranslation();
  const modelId = useAppStore((s) => s.model.id);
  const update = useAppStore((s) => s.update);
  const lab = useLab((s) => s.entries);
  // A lab model named by a link but not in this browser still shows as the choice (its load error explains).
  const labIds = [...lab.map((e) => e.id), ...(isLabModelId(modelId) && !lab.some((e) => e.id === modelId) ? [modelId] : [])];
  return (
    <label className="field inline">
      <span>{t('models.label')}</span>
      <select data-testid="model-picker" value={modelId} onChange={(e) => update('model', { id: e.target.value })}>
        {MODELS.map((m) => (
          <option key={m.id} value={m.id}>
            {t(m.nameKey)}
          </option>
        ))}
        {labIds.length > 0 ? (
          <optgroup label={t('models.lab.group')}>
            {labIds.map((id) => (
              <option key={id} value={id}>
                {t('models.lab.name', { name: id.slice(4) })}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </label>
  );
}

/** Download progress, the loaded model's size, or an error panel naming the file and tensor. */
export function ModelStatus({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  const loading = useRuntime((s) => s.loading);
  const model = useRuntime((s) => s.model);
  const error = useRuntime((s) => s.modelError);
  const update = useAppStore((s) => s.update);
  const shownId = error?.modelId ?? loading?.modelId ?? model?.id;
  const entry = MODELS.find((m) => m.id === shownId);
  const name = entry ? t(entry.nameKey) : shownId && isLabModelId(shownId) ? t('models.lab.name', { name: shownId.slice(4) }) : '';
  if (error?.code === 'labMissing') {
    const fallback = MODELS.find((m) => m.id === DEFAULT_MODEL_ID);
    return (
      <div className="notice" role="alert" data-testid="model-error" data-code="labMissing">
        {t('models.lab.missing', { name: error.modelId.slice(4) })}{' '}
        <button type="button" data-testid="lab-missing-fallback" onClick={() => update('model', { id: DEFAULT_MODEL_ID })}>
          {t('models.lab.useDefault', { model: fallback ? t(fallback.nameKey) : DEFAULT_MODEL_ID })}
        </button>
      </div>
    );
  }
  if (error) {
    return (
      <div className="notice notice-error" role="alert" data-testid="model-error">
        <strong>{t('models.error', { model: name })}</strong> {error.message}
        {error.file ? <div>{t('models.errorFile', { file: error.file })}</div> : null}
        {error.tensor ? <div>{t('models.errorTensor', { tensor: error.tensor })}</div> : null}
        <button type="button" onClick={onRetry}>
          {t('models.retry')}
        </button>
      </div>
    );
  }
  if (loading) {
    const percent = Math.round((100 * loading.loaded) / Math.max(1, loading.total));
    return (
      <div className="model-status" data-testid="model-loading">
        <span>{t('models.loading', { model: name, percent })}</span>
        <progress max={loading.total} value={loading.loaded} aria-label={t('models.loading', { model: name, percent })} />
      </div>
    );
  }
  if (!model) return null;
  return (
    <p className="model-status muted" data-testid="model-info" data-model-id={model.id}>
      {entry ? t(entry.descKey) : isLabModelId(model.id) ? t('models.lab.desc') : ''}{' '}
      {t('models.params', {
        params: model.parameters.toLocaleString(),
        layers: model.config.nLayers,
        heads: model.config.nHeads,
        ctx: model.config.contextLength,
      })}
    </p>
  );
}
