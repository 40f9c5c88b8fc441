/**
 * Publishing the trained weights as a model every view can use, saving it in
 * this browser, downloading and uploading it as a .tpmodel file.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngine } from '../../app/EngineContext';
import { Panel } from '../../components/Panel';
import { EngineCallError } from '../../engine/client';
import type { EngineError } from '../../engine/protocol';
import { BUNDLE_EXTENSION } from '../../model/bundle';
import { useLab } from '../../state/lab';
import { useAppStore } from '../../state/store';

function downloadBytes(bytes: ArrayBuffer, filename: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Message = { kind: 'ok'; text: string } | { kind: 'error'; text: string; detail: EngineError };

export function LabModels() {
  const { t } = useTranslation();
  const engine = useEngine();
  const phase = useLab((s) => s.phase);
  const entries = useLab((s) => s.entries);
  const base = useLab((s) => s.base);
  const currentModel = useAppStore((s) => s.model.id);
  const update = useAppStore((s) => s.update);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const publishedId = useLab((s) => s.published);
  const setPublishedId = (id: string | null) => useLab.setState({ published: id });
  const canPublish = phase !== 'idle' && phase !== 'starting';
  const defaultName = base === 'scratch' ? 'my-model' : 'my-tiny-gpt';

  const act = async (job: () => Promise<void>) => {
    setBusy(true);
    try {
      await job();
    } catch (e) {
      const detail = e instanceof EngineCallError ? e.detail : { message: (e as Error).message };
      setMessage({ kind: 'error', text: detail.message, detail });
    } finally {
      setBusy(false);
    }
  };

  const publish = () =>
    act(async () => {
      const entry = await engine.client.call({ kind: 'labPublish', name: name.trim() || defaultName });
      setPublishedId(entry.id);
      engine.refreshModel(entry.id);
      update('model', { id: entry.id });
      await engine.refreshLabList();
      setMessage({ kind: 'ok', text: t('training.models.published', { name: entry.name }) });
    });

  const save = (id: string) =>
    act(async () => {
      await engine.client.call({ kind: 'labSave', modelId: id });
      await engine.refreshLabList();
      setMessage({ kind: 'ok', text: t('training.models.saved') });
    });

  const download = (id: string) =>
    act(async () => {
      const bytes = await engine.client.call({ kind: 'labExport', modelId: id });
      downloadBytes(bytes, `${id.slice(4)}${BUNDLE_EXTENSION}`);
    });

  const remove = (id: string) =>
    act(async () => {
      const list = await engine.client.call({ kind: 'labDelete', modelId: id });
      useLab.setState({ entries: list });
      if (publishedId === id) setPublishedId(null);
      if (currentModel === id) update('model', { id: 'tiny-gpt' });
    });

  const upload = (file: File) =>
    act(async () => {
      setMessage(null);
      const bytes = await file.arrayBuffer();
      try {
        const entry = await engine.client.call({ kind: 'labImport', bytes, fileName: file.name });
        engine.refreshModel(entry.id);
        await engine.refreshLabList();
        setMessage({ kind: 'ok', text: t('training.models.uploaded', { name: entry.name, file: file.name }) });
      } catch (e) {
        const detail = e instanceof EngineCallError ? e.detail : { message: (e as Error).message };
        setMessage({ kind: 'error', text: detail.message, detail });
      }
    });

  return (
    <Panel
      id="training.models"
      className="lab-models"
      aria-labelledby="lab-models-title"
      name="lab-models"
      title={t('training.models.title')}
      data={() => ({ models: entries })}
    >
      <h3 id="lab-models-title">{t('training.models.title')}</h3>
      <p className="explain">{t('training.models.explain')}</p>
      <div className="lab-row">
        <label className="field inline">
          <span>{t('training.models.name')}</span>
          <input
            type="text"
            data-testid="lab-name"
            value={name}
            placeholder={defaultName}
            maxLength={40}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="button" data-testid="lab-publish" disabled={!canPublish || busy} onClick={publish}>
          {t('training.models.publish')}
        </button>
        <button type="button" data-testid="lab-save" disabled={!publishedId || busy} onClick={() => publishedId && save(publishedId)}>
          {t('training.models.save')}
        </button>
        <button
          type="button"
          data-testid="lab-download"
          disabled={!publishedId || busy}
          onClick={() => publishedId && download(publishedId)}
        >
          {t('training.models.download')}
        </button>
        {!canPublish ? <span className="muted small">{t('training.models.needRun')}</span> : null}
      </div>
      <label className="field inline lab-upload">
        <span>{t('training.models.upload')}</span>
        <input
          type="file"
          accept={`${BUNDLE_EXTENSION},application/octet-stream`}
          data-testid="lab-upload"
          disabled={busy}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void upload(f);
          }}
        />
      </label>
      {message?.kind === 'ok' ? (
        <p className="notice" role="status" data-testid="lab-message">
          {message.text}
        </p>
      ) : null}
      {message?.kind === 'error' ? (
        <div className="notice notice-error" role="alert" data-testid="lab-error">
          <strong>{t('training.models.uploadError')}</strong> {message.text}
          {message.detail.file ? <div>{t('models.errorFile', { file: message.detail.file })}</div> : null}
          {message.detail.tensor ? <div>{t('models.errorTensor', { tensor: message.detail.tensor })}</div> : null}
        </div>
      ) : null}
      <h4>{t('training.models.list')}</h4>
      {entries.length === 0 ? <p className="muted">{t('training.models.none')}</p> : null}
      <ul className="lab-list">
        {entries.map((e) => (
          <li key={e.id} data-testid="lab-model" data-id={e.id} data-saved={e.saved}>
            <strong>{e.name}</strong>{' '}
            <span className="muted small">
              {e.parameters.toLocaleString()} · {t('training.models.steps', { steps: e.steps, base: e.base })} ·{' '}
              {e.saved ? t('training.models.inBrowser') : t('training.models.inMemory')}
            </span>{' '}
            <button type="button" disabled={busy || currentModel === e.id} onClick={() => update('model', { id: e.id })}>
              {t('training.models.use')}
            </button>
            {!e.saved ? (
              <button type="button" disabled={busy} onClick={() => save(e.id)}>
                {t('training.models.save')}
              </button>
            ) : null}
            <button type="button" disabled={busy} onClick={() => download(e.id)}>
              {t('training.models.download')}
            </button>
            <button type="button" disabled={busy} onClick={() => remove(e.id)}>
              {t('training.models.delete')}
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
