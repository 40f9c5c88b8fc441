/** The models the app ships, in picker order. Files live in public/models/<id>/. */
export interface ModelEntry {
  id: string;
  /** i18n key of the display name and of the one-line description. */
  nameKey: string;
  descKey: string;
}

export const MODELS: readonly ModelEntry[] = [
  { id: 'tiny-gpt', nameKey: 'models.tinyGpt.name', descKey: 'models.tinyGpt.desc' },
  { id: 'tiny-bert', nameKey: 'models.tinyBert.name', descKey: 'models.tinyBert.desc' },
  { id: 'random-gpt', nameKey: 'models.randomGpt.name', descKey: 'models.randomGpt.desc' },
];

export const DEFAULT_MODEL_ID = 'tiny-gpt';

/** Models trained in the Training lab: `lab-<name>`, kept in this browser (memory, IndexedDB). */
export const LAB_PREFIX = 'lab-';
const LAB_ID = /^lab-[a-z0-9][a-z0-9-]{0,39}$/;

export function isLabModelId(id: unknown): id is string {
  return typeof id === 'string' && LAB_ID.test(id);
}

/** A lab model's id from a name the user typed: lower case, letters, digits and dashes. */
export function labIdFor(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${LAB_PREFIX}${slug || 'model'}`;
}

/**
 * Checkpoints opened from files (Hugging Face): `hf-<name>-<hash>`, the name
 * as a slug and the first 12 hex digits of the files' SHA-256, so a link says
 * which model it needs and can tell it apart from another of the same name.
 */
export const HF_PREFIX = 'hf-';
const HF_ID = /^hf-([a-z0-9][a-z0-9-]{0,39})-([0-9a-f]{12})$/;

export function isHfModelId(id: unknown): id is string {
  return typeof id === 'string' && HF_ID.test(id);
}

export function hfIdFor(name: string, hash: string): string {
  const slug = labIdFor(name).slice(LAB_PREFIX.length);
  return `${HF_PREFIX}${slug}-${hash.slice(0, 12)}`;
}

/** The name and short hash an opened checkpoint's id carries. */
export function hfIdParts(id: string): { name: string; hash: string } | null {
  const m = HF_ID.exec(id);
  return m ? { name: m[1] as string, hash: m[2] as string } : null;
}

/** A shipped model, a lab model's or an opened checkpoint's id (a link may name one this browser does not have; loading then says so). */
export function isModelId(id: unknown): id is string {
  return typeof id === 'string' && (MODELS.some((m) => m.id === id) || isLabModelId(id) || isHfModelId(id));
}
