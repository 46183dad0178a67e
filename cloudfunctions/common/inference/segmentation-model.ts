/**
 * Where the segmentation model's files are, for code that reads meta.json without running the
 * model (e.g. the admin function's segment names). Loading and scoring go through
 * `./segmentation` (the registry).
 */
import { ModelLoadError } from './errors';
import { findModelDir, modelDirCandidates } from './models-dir';

/** Folder of model `name` (QX_MODELS_DIR, beside the bundle, or the repo); throws ModelLoadError when absent. */
export function resolveModelDir(name: string): string {
  const dir = findModelDir(name);
  if (!dir)
    throw new ModelLoadError(
      name,
      'not_found',
      `no ${name}/meta.json under ${modelDirCandidates().join(' or ')}`,
    );
  return dir;
}
