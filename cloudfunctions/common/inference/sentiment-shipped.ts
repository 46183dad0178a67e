/**
 * The shipped sentiment model's files (graph bytes + meta.json), for code that adapts it rather
 * than serving it (the refit). Living here, beside the sentiment pre/post modules, is also what
 * makes the cloud build copy `models/sentiment` into a function that imports it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveModelDir } from './segmentation-model';

/** Reads `models/sentiment` (QX_MODELS_DIR, beside the bundle, or the repo). */
export function readShippedSentiment(): { onnx: Buffer; meta: Record<string, unknown> } {
  const dir = resolveModelDir('sentiment');
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  const file = typeof meta.modelFile === 'string' ? meta.modelFile : 'model.onnx';
  return { onnx: fs.readFileSync(path.join(dir, file)), meta };
}
