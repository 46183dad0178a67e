/**
 * The part of every model's meta.json the registry relies on (models may add more fields).
 * `featureHash` is the hash of whatever turns raw data into the model's inputs (sentiment: the
 * text featurizer; segmentation: models/feature-spec.json); the registry compares it with the code.
 */
import { z } from 'zod';

const tensorInfo = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  dims: z.array(z.union([z.number().int(), z.string()])),
});

/** Schema of the shared meta.json fields. */
export const modelMetaSchema = z
  .object({
    name: z.string().min(1),
    version: z.union([z.string().min(1), z.number()]),
    modelFile: z.string().min(1).default('model.onnx'),
    inputs: z.array(tensorInfo).min(1),
    outputs: z.array(tensorInfo).min(1),
    featureHash: z.string().regex(/^[0-9a-f]{64}$/, 'featureHash must be a sha256 hex digest'),
  })
  .passthrough();

/** Parsed meta.json. */
export type ModelMeta = z.infer<typeof modelMetaSchema>;
