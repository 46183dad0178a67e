/**
 * Where shop-fitted versions come from. A function that serves models configures one
 * (`configureModelSource(storeModelSource(store))`); without one only shipped models serve.
 * Version files are fetched once per container into /tmp (the only writable place in a cloud
 * function), verified by sha256, and published by renaming a complete folder, so a container
 * killed mid-download never leaves a half folder that looks complete.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelStore } from '../model-store/store';
import type { VersionFile } from '../model-store/types';
import { ModelLoadError } from './errors';

/** What the registry needs from the model store. */
export interface ModelSource {
  /** The serving pointer (one database read); null = no shop version. */
  pointer(model: string): Promise<{ serving: string | null; lastGood: string | null } | null>;
  /** A version's files, or null when the version doc is gone. */
  files(model: string, version: string): Promise<VersionFile[] | null>;
  download(fileID: string): Promise<Buffer>;
  /** Record that a version failed to load (admin page). Must not throw into serving. */
  reportLoadFailure(model: string, version: string, reason: string, message: string): Promise<void>;
}

/** A {@link ModelSource} over the model store. */
export function storeModelSource(store: ModelStore): ModelSource {
  return {
    async pointer(model) {
      const { pointer } = await store.state(model);
      return pointer ? { serving: pointer.serving, lastGood: pointer.lastGood } : null;
    },
    files: async (model, version) => (await store.version(model, version))?.files ?? null,
    download: (fileID) => store.download(fileID),
    reportLoadFailure: (model, version, reason, message) =>
      store.reportLoadFailure(model, version, reason, message),
  };
}

/** Root of downloaded versions (`QX_MODEL_CACHE_DIR`, default `/tmp/qx-models`). */
export function versionCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.QX_MODEL_CACHE_DIR || path.join(os.tmpdir(), 'qx-models');
}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** The folder holding `model@version`'s files, downloading and verifying them if needed. */
export async function fetchVersionDir(
  source: ModelSource,
  model: string,
  version: string,
  root = versionCacheRoot(),
): Promise<string> {
  if (!SAFE.test(version)) throw new ModelLoadError(model, 'not_found', `invalid version name ${version}`);
  const dir = path.join(root, model, version);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  const files = await source.files(model, version);
  if (!files)
    throw new ModelLoadError(model, 'not_found', `version ${version} has no record in the model store`);
  const tmp = `${dir}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    for (const f of files) {
      if (!SAFE.test(f.name))
        throw new ModelLoadError(model, 'bad_meta', `version ${version} lists an invalid file name`);
      let content: Buffer;
      try {
        content = await source.download(f.fileID);
      } catch (e) {
        throw new ModelLoadError(
          model,
          'not_found',
          `cannot download ${f.name} of ${version}: ${(e as Error).message}`,
          { cause: e },
        );
      }
      const sha = crypto.createHash('sha256').update(content).digest('hex');
      if (sha !== f.sha256)
        throw new ModelLoadError(
          model,
          'bad_meta',
          `${f.name} of ${version} is corrupt (sha256 ${sha.slice(0, 12)}… ≠ ${f.sha256.slice(0, 12)}…)`,
        );
      fs.writeFileSync(path.join(tmp, f.name), content);
    }
    fs.writeFileSync(path.join(tmp, '.complete'), '');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    return dir;
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
