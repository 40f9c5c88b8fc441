/**
 * Random valid chosen states for property tests, derived from the slice
 * schemas themselves so the tests follow the slices as views change them.
 * Every field gets a value drawn from its schema (enums, bounds, lengths);
 * a value the schema still rejects (refinements such as "known model")
 * falls back to the default, and the parsed value is used, so the state is
 * exactly what `decode` would produce.
 */
import '../../lib/zodSetup';
import fc from 'fast-check';
import { z } from 'zod';
import { MODELS } from '../models';
import { type Chosen, chosenDefaults, chosenSchema, SLICE_KEYS } from '../slices';

function arbOf(schema: z.ZodType): fc.Arbitrary<unknown> {
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...(schema.options as unknown[]));
  if (schema instanceof z.ZodLiteral) return fc.constantFrom(...(schema.values as Set<unknown>));
  if (schema instanceof z.ZodNullable) return fc.option(arbOf(schema.unwrap() as z.ZodType), { nil: null });
  if (schema instanceof z.ZodOptional) return fc.option(arbOf(schema.unwrap() as z.ZodType), { nil: undefined });
  if (schema instanceof z.ZodBoolean) return fc.boolean();
  if (schema instanceof z.ZodNumber) {
    const min = Number.isFinite(schema.minValue) ? (schema.minValue as number) : -1e6;
    const max = Number.isFinite(schema.maxValue) ? (schema.maxValue as number) : 1e6;
    return schema.isInt ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  }
  if (schema instanceof z.ZodString) {
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.min(schema.maxLength ?? 60, 300);
    // Known ids as candidates too, so strings refined to "a known model" also vary.
    return fc.oneof(
      fc.string({ minLength, maxLength }),
      fc.string({ minLength, maxLength, unit: 'grapheme' }),
      fc.constantFrom(...MODELS.map((m) => m.id)),
    );
  }
  if (schema instanceof z.ZodArray) {
    const def = schema.def as { checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[] };
    let minLength = 0;
    let maxLength = 6;
    for (const c of def.checks ?? []) {
      if (c._zod.def.check === 'min_length') minLength = c._zod.def.minimum ?? 0;
      if (c._zod.def.check === 'max_length') maxLength = Math.min(6, c._zod.def.maximum ?? 6);
    }
    return fc.array(arbOf(schema.element as z.ZodType), { minLength, maxLength: Math.max(minLength, maxLength) });
  }
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return fc.record(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, arbOf(s)])));
  }
  if (schema instanceof z.ZodUnion) return fc.oneof(...(schema.options as z.ZodType[]).map(arbOf));
  throw new Error(`arbitrary: no generator for ${schema.constructor.name}`);
}

const arbSlices = fc.record(
  Object.fromEntries(SLICE_KEYS.map((k) => [k, arbOf(chosenSchema.shape[k] as z.ZodType)])) as Record<string, fc.Arbitrary<unknown>>,
);

export const arbChosen: fc.Arbitrary<Chosen> = fc.tuple(arbSlices, fc.constantFrom(...MODELS.map((m) => m.id))).map(([raw, modelId]) => {
  const out = structuredClone(chosenDefaults) as Record<string, Record<string, unknown>>;
  for (const key of SLICE_KEYS) {
    const schema = chosenSchema.shape[key] as z.ZodType;
    const slice = { ...out[key] };
    for (const [field, value] of Object.entries(raw[key] as Record<string, unknown>)) {
      const trial = schema.safeParse({ ...slice, [field]: value });
      if (trial.success) Object.assign(slice, trial.data as object);
    }
    out[key] = slice;
  }
  (out.model as { id: string }).id = modelId;
  return out as unknown as Chosen;
});
