/**
 * Load one model from a folder (`meta.json` + its model file) with every check the registry
 * applies — meta shape, feature hash, session inputs/outputs — for shipped models and for shop
 * versions alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSession, type BackendSession, type TensorData } from './backend';
import { InferenceError, ModelLoadError } from './errors';
import { checkMeta, checkSessionIo, parseMeta, type ModelDefinition } from './model-checks';
import type { ModelMeta } from './meta';

/** A loaded, checked model. */
export interface LoadedModel {
  name: string;
  dir: string;
  meta: ModelMeta;
  /** `shipped` (bundled with the function) or a model-store version name. */
  version: string;
  /** Where it came from: the function bundle or the shop's refit (model store). */
  source: 'shipped' | 'store';
  /** Why this one serves (e.g. "serving version", "fallback: … failed"), for the admin page. */
  why: string;
  /** Milliseconds spent loading (meta + session), for cold-start reporting. */
  loadMs: number;
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
}

/** Load and check `def`'s model from `dir`. */
export async function loadModelDir(
  def: ModelDefinition,
  dir: string,
  origin: Pick<LoadedModel, 'version' | 'source' | 'why'>,
): Promise<LoadedModel> {
  const t0 = performance.now();
  const name = def.name;
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'meta.json'), 'utf8');
  } catch (e) {
    throw new ModelLoadError(name, 'not_found', `cannot read ${dir}/meta.json: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const meta = parseMeta(name, text);
  checkMeta(def, meta);
  def.checkMeta?.(meta);
  const file = path.join(dir, meta.modelFile);
  let session: BackendSession;
  try {
    session = await createSession(file);
  } catch (e) {
    throw new ModelLoadError(
      name,
      'session_failed',
      `cannot create a session from ${file}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  checkSessionIo(def, meta, session);
  return {
    name,
    dir,
    meta,
    ...origin,
    loadMs: performance.now() - t0,
    async run(feeds) {
      try {
        return await session.run(feeds);
      } catch (e) {
        throw new InferenceError(name, (e as Error).message, { cause: e });
      }
    },
  };
}
