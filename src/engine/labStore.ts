/**
 * Training-lab models saved in this browser (IndexedDB, database
 * "transformer-playground-lab"). Each record holds the model as a bundle
 * (src/model/bundle.ts) plus a summary for the model list. Used by the
 * engine worker; IndexedDB exists in workers too.
 */
import type { LabEntry } from './protocol';

const DB_NAME = 'transformer-playground-lab';
const STORE = 'models';

export interface LabRecord {
  entry: LabEntry;
  bytes: ArrayBuffer;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('This browser offers no IndexedDB storage (private window?); models cannot be saved.'));
      return;
    }
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function run<T>(mode: IDBTransactionMode, body: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = body(tx.objectStore(STORE));
      let value: T;
      req.onsuccess = () => {
        value = req.result;
      };
      tx.oncomplete = () => resolve(value);
      tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB request failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted (storage full?)'));
    });
  } finally {
    db.close();
  }
}

export function putLab(record: LabRecord): Promise<IDBValidKey> {
  return run('readwrite', (s) => s.put(record, record.entry.id));
}

export async function getLab(id: string): Promise<LabRecord | undefined> {
  return (await run<LabRecord | undefined>('readonly', (s) => s.get(id))) ?? undefined;
}

export async function listLab(): Promise<LabEntry[]> {
  const all = await run<LabRecord[]>('readonly', (s) => s.getAll());
  return all.map((r) => r.entry).sort((a, b) => a.savedAt - b.savedAt);
}

export function deleteLab(id: string): Promise<undefined> {
  return run('readwrite', (s) => s.delete(id));
}
