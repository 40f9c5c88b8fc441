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

export function isModelId(id: unknown): id is string {
  return typeof id === 'string' && MODELS.some((m) => m.id === id);
}
