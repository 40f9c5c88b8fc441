/**
 * Checkpoints opened from files and kept on request (IndexedDB, database
 * "transformer-playground-hf"): the original files as Blobs, so a reload or
 * an offline visit reads them exactly as the first time (validated, hashed).
 * Used by the engine worker; IndexedDB exists in workers too.
 */
import type { HfEntry, OpenFiles } from './protocol';

const DB_NAME = 'transformer-playground-hf';
const STORE = 'models';

export interface HfRecord {
  entry: HfEntry;
  files: OpenFiles;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('This browser offers no IndexedDB storage (private window?); the model cannot be kept.'));
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

export function putHf(record: HfRecord): Promise<IDBValidKey> {
  return run('readwrite', (s) => s.put(record, record.entry.id));
}

export async function getHf(id: string): Promise<HfRecord | undefined> {
  return (await run<HfRecord | undefined>('readonly', (s) => s.get(id))) ?? undefined;
}

export async function listHf(): Promise<HfEntry[]> {
  const all = await run<HfRecord[]>('readonly', (s) => s.getAll());
  return all.map((r) => r.entry);
}

export function deleteHf(id: string): Promise<undefined> {
  return run('readwrite', (s) => s.delete(id));
}
