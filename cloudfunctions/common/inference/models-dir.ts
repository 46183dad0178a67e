/**
 * Where model folders (`<dir>/<name>/model.onnx` + `meta.json`) live: `QX_MODELS_DIR` when set,
 * else `models/` next to the function bundle (what the cloud build ships), else the repo's
 * `models/` (development and tests).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Candidate directories, in the order they are tried. */
export function modelDirCandidates(
  env: NodeJS.ProcessEnv = process.env,
  here: string = __dirname,
  cwd: string = process.cwd(),
): string[] {
  if (env.QX_MODELS_DIR) return [path.resolve(env.QX_MODELS_DIR)];
  const out = [path.join(here, 'models')];
  // Dev: walk up from this file to the repo root (the folder with package.json and models/);
  // then from the working directory too — the local cloud runs bundles from a temp build dir,
  // with the repo as the working directory.
  for (const start of [here, cwd]) {
    let dir = start;
    for (let i = 0; i < 6; i++) {
      if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'models'))) {
        if (!out.includes(path.join(dir, 'models'))) out.push(path.join(dir, 'models'));
        break;
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return out;
}

/** The folder of model `name`, or null when no candidate has its meta.json. */
export function findModelDir(
  name: string,
  candidates: readonly string[] = modelDirCandidates(),
): string | null {
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, name, 'meta.json'))) return path.join(c, name);
  }
  return null;
}
