import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngine } from '../app/EngineContext';
import { useLab } from '../state/lab';
import { DEFAULT_MODEL_ID, hfIdParts, isHfModelId, isLabModelId, MODELS } from '../state/models';
import { useRuntime } from '../state/runtime';
import { useAppStore } from '../state/store';
import { OpenModelDialog } from './OpenModelDialog';

/** The picker's entry that opens the "Open a model…" dialog instead of choosing a model. */
const OPEN_ENTRY = '__open__';

export function ModelPicker() {
  const { t } = useTranslation();
  const modelId = useAppStore((s) => s.model.id);
  const update = useAppStore((s) => s.update);
  const lab = useLab((s) => s.entries);
  // A lab model named by a link but not in this browser still shows as the choice (its load error explains).
  const labIds = [...lab.map((e) => e.id), ...(isLabModelId(modelId) && !lab.some((e) => e.id === modelId) ? [modelId] : [])];
  const opened = useRuntime((s) => s.opened);
  const missing = useRuntime((s) => s.missingModel);
  const [dialog, setDialog] = useState(false);
  // An opened checkpoint named by a link but not in this browser still shows as the choice (the notice explains).
  const openedIds = [...opened.map((e) => e.id), ...(isHfModelId(modelId) && !opened.some((e) => e.id === modelId) ? [modelId] : [])];
  const openedLabel = (id: string) => {
    const p = hfIdParts(id) ?? { name: id, hash: '' };
    const name = opened.find((e) => e.id === id)?.name ?? p.name;
    return missing?.id === id ? t('open.missingOption', { name, hash: p.hash }) : t('open.name', { name, hash: p.hash });
  };
  return (
    <label className="field inline">
      <span>{t('models.label')}</span>
      <select
        data-testid="model-picker"
        value={modelId}
        onChange={(e) => {
          if (e.target.value === OPEN_ENTRY) setDialog(true);
          else update('model', { id: e.target.value });
        }}
      >
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
        {openedIds.length > 0 ? (
          <optgroup label={t('open.group')}>
            {openedIds.map((id) => (
              <option key={id} value={id}>
                {openedLabel(id)}
              </option>
            ))}
          </optgroup>
        ) : null}
        <option value={OPEN_ENTRY} data-testid="open-model-entry">
          {t('open.pick')}
        </option>
      </select>
      <OpenModelDialog open={dialog} onOpenChange={setDialog} />
    </label>
  );
}

/** A link names an opened checkpoint this browser lacks: which files to open, and what runs meanwhile. */
function MissingNotice({ name, hash, onOpen }: { name: string; hash: string; onOpen: () => void }) {
  const { t } = useTranslation();
  const fallback = MODELS.find((m) => m.id === DEFAULT_MODEL_ID);
  return (
    <div className="notice" role="status" data-testid="model-missing" data-name={name} data-hash={hash}>
      {t('open.missingNotice', { name, hash, model: fallback ? t(fallback.nameKey) : DEFAULT_MODEL_ID })}{' '}
      <button type="button" data-testid="model-missing-open" onClick={onOpen}>
        {t('open.pick')}
      </button>
    </div>
  );
}

/** What an opened checkpoint is, and keeping it in this browser (or forgetting it). */
function OpenedInfoLine({ modelId }: { modelId: string }) {
  const { t } = useTranslation();
  const engine = useEngine();
  const model = useRuntime((s) => s.model);
  const [problem, setProblem] = useState<string | null>(null);
  const o = model?.opened;
  if (!model || model.id !== modelId || !o) return null;
  return (
    <p className="muted small" data-testid="opened-info" data-saved={o.saved ? 'true' : 'false'}>
      {t('open.desc', { architecture: o.architecture, dtype: o.dtype, hash: o.hash.slice(0, 12) })}{' '}
      {o.saved ? (
        <span data-testid="opened-kept">{t('open.kept')}</span>
      ) : (
        <button
          type="button"
          className="link-button"
          data-testid="opened-keep"
          onClick={() => engine.keepOpened(modelId).catch((e: Error) => setProblem(e.message))}
        >
          {t('open.keepButton')}
        </button>
      )}{' '}
      <button
        type="button"
        className="link-button"
        data-testid="opened-forget"
        onClick={() => void engine.forgetOpened(modelId).catch(() => {})}
      >
        {t('open.forget')}
      </button>
      {problem ? <span className="notice-error"> {t('open.keepFailed', { message: problem })}</span> : null}
    </p>
  );
}

/** Download progress, the loaded model's size, or an error panel naming the file and tensor. */
export function ModelStatus({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  const chosenId = useAppStore((s) => s.model.id);
  // A view can download another model (the drift view opens on tiny-bert): its bar shows while bytes arrive, but a
  // finished download of a model the page did not choose is never cleared by the engine and must not stay at 100%.
  const loading = useRuntime((s) =>
    s.loading && (s.loading.modelId === chosenId || s.loading.loaded < s.loading.total) ? s.loading : null,
  );
  const model = useRuntime((s) => s.model);
  const error = useRuntime((s) => s.modelError);
  const update = useAppStore((s) => s.update);
  const missing = useRuntime((s) => s.missingModel);
  const [dialog, setDialog] = useState(false);
  const shownId = error?.modelId ?? loading?.modelId ?? model?.id;
  const openedName = shownId && isHfModelId(shownId) ? (hfIdParts(shownId)?.name ?? shownId) : null;
  const entry = MODELS.find((m) => m.id === shownId);
  const name = entry
    ? t(entry.nameKey)
    : shownId && isLabModelId(shownId)
      ? t('models.lab.name', { name: shownId.slice(4) })
      : (openedName ?? '');
  const missingLine = missing ? (
    <>
      <MissingNotice name={missing.name} hash={missing.hash} onOpen={() => setDialog(true)} />
      <OpenModelDialog open={dialog} onOpenChange={setDialog} />
    </>
  ) : null;
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
      <>
        {missingLine}
        <div className="model-status" data-testid="model-loading">
          <span>{t('models.loading', { model: name, percent })}</span>
          <progress max={loading.total} value={loading.loaded} aria-label={t('models.loading', { model: name, percent })} />
        </div>
      </>
    );
  }
  if (!model) return missingLine;
  return (
    <>
      {missingLine}
      <p className="model-status muted" data-testid="model-info" data-model-id={model.id}>
        {entry ? t(entry.descKey) : isLabModelId(model.id) ? t('models.lab.desc') : ''}{' '}
        {t('models.params', {
          params: model.parameters.toLocaleString(),
          layers: model.config.nLayers,
          heads: model.config.nHeads,
          ctx: model.config.contextLength,
        })}
      </p>
      <OpenedInfoLine modelId={model.id} />
    </>
  );
}
