/**
 * The model registry: modules register what they expect of a model (`registerModel`), and
 * `getModel(name)` loads it ONCE per container — the session promise is module-level, shared by
 * every invocation the container serves. A failed load is not cached (the next call retries) and
 * is always a ModelLoadError, so callers choose their fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSession, type BackendSession, type TensorData } from './backend';
import { InferenceError, ModelLoadError } from './errors';
import { checkMeta, checkSessionIo, parseMeta, type ModelDefinition } from './model-checks';
import type { ModelMeta } from './meta';
import { findModelDir, modelDirCandidates } from './models-dir';

/** A loaded, checked model. */
export interface LoadedModel {
  name: string;
  dir: string;
  meta: ModelMeta;
  /** Milliseconds spent loading (meta + session), for cold-start reporting. */
  loadMs: number;
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
}

const definitions = new Map<string, ModelDefinition>();
const sessions = new Map<string, Promise<LoadedModel>>();

/** Declares what the code expects of model `def.name`. Re-registering replaces the definition. */
export function registerModel(def: ModelDefinition): void {
  definitions.set(def.name, def);
}

/** Names of the registered models. */
export function registeredModels(): string[] {
  return [...definitions.keys()];
}

/** The checked model `name`, loading it on first use (once per container). */
export function getModel(name: string): Promise<LoadedModel> {
  let p = sessions.get(name);
  if (!p) {
    p = load(name);
    sessions.set(name, p);
    p.catch(() => sessions.delete(name)); // do not cache failures: a later call may succeed
  }
  return p;
}

/** Drops cached sessions (tests; or after a models dir change). */
export function forgetModels(): void {
  sessions.clear();
}

async function load(name: string): Promise<LoadedModel> {
  const t0 = performance.now();
  const def = definitions.get(name);
  if (!def)
    throw new ModelLoadError(
      name,
      'not_registered',
      `no code registered this model (known: ${registeredModels().join(', ') || 'none'})`,
    );
  const dir = findModelDir(name);
  if (!dir)
    throw new ModelLoadError(
      name,
      'not_found',
      `no ${name}/meta.json under ${modelDirCandidates().join(' or ')}`,
    );
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
