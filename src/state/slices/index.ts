/** The registry of slices: the shape of the chosen state, for the store and the permalink codec. */
import '../../lib/zodSetup';
import { z } from 'zod';
import { ablationDefaults, ablationSchema } from './ablation';
import { attentionDefaults, attentionSchema } from './attention';
import { modelDefaults, modelSchema, promptDefaults, promptSchema, uiDefaults, uiSchema, viewDefaults, viewSchema } from './core';
import { driftDefaults, driftSchema } from './drift';
import { promptingDefaults, promptingSchema } from './prompting';
import { samplingDefaults, samplingSchema } from './sampling';
import { trainingDefaults, trainingSchema } from './training';

export const chosenSchema = z.object({
  model: modelSchema,
  prompt: promptSchema,
  view: viewSchema,
  attention: attentionSchema,
  ablation: ablationSchema,
  drift: driftSchema,
  sampling: samplingSchema,
  prompting: promptingSchema,
  training: trainingSchema,
  ui: uiSchema,
});

export type Chosen = z.infer<typeof chosenSchema>;
export type SliceKey = keyof Chosen;

export const chosenDefaults: Chosen = {
  model: modelDefaults,
  prompt: promptDefaults,
  view: viewDefaults,
  attention: attentionDefaults,
  ablation: ablationDefaults,
  drift: driftDefaults,
  sampling: samplingDefaults,
  prompting: promptingDefaults,
  training: trainingDefaults,
  ui: uiDefaults,
};

export const SLICE_KEYS = Object.keys(chosenDefaults) as SliceKey[];
