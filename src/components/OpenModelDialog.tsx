import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngine } from '../app/EngineContext';
import { droppedFiles, type PickedFile, pickCheckpointFiles } from '../app/openFiles';
import { EngineCallError } from '../engine/client';
import { useRuntime } from '../state/runtime';

const MB = (n: number) => (n / 1e6).toFixed(n < 1e7 ? 1 : 0);

/**
 * "Open a model…": the user chooses or drops the files of a Hugging Face
 * checkpoint folder; the engine worker reads and checks them (progress in
 * bytes, Cancel). Errors name the file and tensor; the current model keeps
 * working until the new one is complete.
 */
export function OpenModelDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const engine = useEngine();
  const opening = useRuntime((s) => s.opening);
  const [picked, setPicked] = useState<PickedFile[]>([]);
  const [keep, setKeep] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; file?: string; tensor?: string } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const pick = pickCheckpointFiles(picked);

  const choose = (list: FileList | null) => {
    if (!list) return;
    setError(null);
    setNote(null);
    setPicked([...list].map((f) => ({ path: f.webkitRelativePath || f.name, file: f })));
  };

  const start = async () => {
    if (!pick.files) return;
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const info = await engine.openModel(pick.files, pick.folder, keep);
      if (keep && !info.opened?.saved) setNote(t('open.notKept'));
      else onOpenChange(false);
      setPicked([]);
    } catch (e) {
      const d = e instanceof EngineCallError ? e.detail : { message: (e as Error).message };
      if (d.code === 'cancelled') setNote(t('open.cancelled'));
      else setError(d);
    } finally {
      setBusy(false);
    }
  };

  const close = (next: boolean) => {
    if (!next && busy) engine.cancelOpen();
    onOpenChange(next);
  };

  return (
    <Dialog.Root open={open} onOpenChange={close}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog open-model" data-testid="open-model-dialog">
          <Dialog.Title>{t('open.title')}</Dialog.Title>
          <Dialog.Description className="muted">{t('open.description')}</Dialog.Description>
          <section
            className="open-drop"
            data-testid="open-drop"
            style={{ border: '2px dashed var(--border)', borderRadius: 8, padding: '0.5rem 1rem 1rem', margin: '0.75rem 0' }}
            aria-label={t('open.drop')}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const items = [...e.dataTransfer.items].filter((i) => i.kind === 'file');
              void droppedFiles(items).then((files) => {
                setError(null);
                setPicked(files);
              });
            }}
          >
            <p>{t('open.drop')}</p>
            <button type="button" onClick={() => folderInput.current?.click()} disabled={busy}>
              {t('open.chooseFolder')}
            </button>{' '}
            <button type="button" onClick={() => filesInput.current?.click()} disabled={busy}>
              {t('open.chooseFiles')}
            </button>
            <input
              ref={folderInput}
              type="file"
              hidden
              data-testid="open-folder-input"
              {...({ webkitdirectory: '' } as Record<string, string>)}
              onChange={(e) => choose(e.currentTarget.files)}
            />
            <input
              ref={filesInput}
              type="file"
              hidden
              multiple
              data-testid="open-files-input"
              onChange={(e) => choose(e.currentTarget.files)}
            />
          </section>
          {picked.length > 0 ? (
            <div className="open-found" data-testid="open-found">
              {pick.used.length ? <p>{t('open.found', { files: pick.used.join(', ') })}</p> : null}
              {pick.missing.length ? (
                <p className="notice" data-testid="open-missing">
                  {t('open.missing', { files: pick.missing.join(', ') })}
                  {pick.problem !== 'none' ? ` ${t(`open.${pick.problem}`)}` : ''}
                </p>
              ) : null}
            </div>
          ) : null}
          <label className="open-keep">
            <input
              type="checkbox"
              data-testid="open-keep"
              checked={keep}
              disabled={busy}
              onChange={(e) => setKeep(e.currentTarget.checked)}
            />{' '}
            {t('open.keep')}
          </label>
          {busy && opening ? (
            <div className="model-status" data-testid="open-progress" data-loaded={opening.loaded} data-total={opening.total}>
              <span>{t('open.reading', { loaded: MB(opening.loaded), total: MB(opening.total) })}</span>
              <progress
                max={opening.total}
                value={opening.loaded}
                aria-label={t('open.reading', { loaded: MB(opening.loaded), total: MB(opening.total) })}
              />
            </div>
          ) : null}
          {error ? (
            <div className="notice notice-error" role="alert" data-testid="open-error">
              <strong>{t('open.error')}</strong> {error.message}
              {error.file ? <div>{t('models.errorFile', { file: error.file })}</div> : null}
              {error.tensor ? <div>{t('models.errorTensor', { tensor: error.tensor })}</div> : null}
            </div>
          ) : null}
          {note ? (
            <p className="notice" role="status" data-testid="open-note">
              {note}
            </p>
          ) : null}
          <div className="lesson-actions">
            {busy ? (
              <button type="button" data-testid="open-cancel" onClick={() => engine.cancelOpen()}>
                {t('open.cancel')}
              </button>
            ) : (
              <button type="button" className="primary" data-testid="open-start" disabled={!pick.files} onClick={() => void start()}>
                {t('open.open')}
              </button>
            )}
            <Dialog.Close asChild>
              <button type="button">{t('open.close')}</button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
