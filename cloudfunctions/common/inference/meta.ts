/**
 * The part of every model's meta.json the registry relies on (models may add more fields).
 * The hash of whatever turns raw data into the model's inputs (sentiment: the text featurizer,
 * in `featureHash`; segmentation: models/feature-spec.json, in `featureSpecHash`) is read from the
 * field the model's definition names, and compared with the code's.
 */
import { z } from 'zod';

// Only the name is checked; type/shape keys vary by model (type+dims or dtype+shape).
const tensorInfo = z.object({ name: z.string().min(1) }).passthrough();

/** Schema of the shared meta.json fields. */
export const modelMetaSchema = z
  .object({
    name: z.string().min(1),
    version: z.union([z.string().min(1), z.number()]),
    modelFile: z.string().min(1).default('model.onnx'),
    inputs: z.array(tensorInfo).min(1),
    outputs: z.array(tensorInfo).min(1),
  })
  .passthrough();

/** Parsed meta.json. */
export type ModelMeta = z.infer<typeof modelMetaSchema>;
