/**
 * A job run's artifacts in cloud storage, as the runner's step context writes them.
 *
 * Never the same path twice: a name written again (a step retried, a value refit's checkpoint
 * slot, its blend rewriting the model) is stored under a new folder, `jobs/<kind>/<stamp>/<hex>/
 * <name>`, not over its old file. Cloud storage serves reads through its CDN (downloadFile fetches
 * a temp URL), which is not documented to purge on an overwrite: a link issued before the upload
 * may serve the old bytes until it expires, a link of the same second is the same URL, and a CDN
 * whose cache key ignores the query would serve them even to a new link. A path written once only
 * ever serves its one content, so a resumed run reads what it wrote under every reading.
 *
 * A name points only at a stored file: a rewrite moves it to the new file once that is stored (an
 * invocation dying before leaves it on the old file, as an overwrite that never happened would).
 * Every file stays named by the run, each rewrite under a key of its own (`<name>~<hex>`, and the
 * first file as `<name>~first`), added and never changed: retention and erasure delete only what
 * the run names (a checkpoint may hold customer histories), and a tick whose read of the run lags
 * must not un-name a file by writing an older value (jobs/wx-ports.ts). The replaced file is
 * deleted at once; what a dying invocation left goes with the run's files at retention. The cost
 * is one name per rewrite in the run document: a 100,000-customer value refit (the opt-in check of
 * test/integration/value-refit-scale.test.ts, 7 Dec 2026, load 9–15) rewrote 80 times and ended
 * with 212 names, 34 KB of its 36 KB document; it still shipped in 14 calls, longest step 7.3 s.
 */
import crypto from 'node:crypto';
import type { ModelFiles } from '../model-store/ports';
import type { JobRun } from './types';

/** Where a run's artifact `name` is stored first (one folder per run: `jobs/<kind>/<stamp>/<name>`). */
export const artifactPath = (runId: string, name: string): string => `jobs/${runId.replace('@', '/')}/${name}`;

/** Where a later write of `name` goes: a new folder of the run's (random, so never one used before). */
export const rewrittenArtifactPath = (runId: string, name: string, folder = crypto.randomBytes(6).toString('hex')): string =>
  artifactPath(runId, `${folder}/${name}`);

/** The key that keeps naming a file written as `name`, after the name moved on (`folder`: its rewrite's). */
export const versionKey = (name: string, folder?: string): string => `${name}~${folder ?? 'first'}`;

/** The stored artifact `name` was not stored where it was named. */
export class ArtifactMisplacedError extends Error {
  override name = 'ArtifactMisplacedError';
  constructor(artifact: string, stored: string, named: string) {
    super(`artifact ${artifact} was stored as ${stored}, not as ${named} as predicted`);
  }
}

/** The runner's side: the run, and a save of its names (throws when its lease was lost). */
export interface ArtifactRun {
  run: JobRun;
  saveNames(artifacts: Record<string, string>): Promise<void>;
}

/** Store `content` as artifact `artifact` of `r.run`; returns its fileID. */
export async function putArtifact(files: ModelFiles, r: ArtifactRun, artifact: string, content: Buffer): Promise<string> {
  const { run } = r;
  const name = async (names: Record<string, string>) => {
    run.artifacts = { ...run.artifacts, ...names };
    await r.saveNames(run.artifacts);
  };
  const store = async (cloudPath: string, fileID: string) => {
    const stored = await files.upload(cloudPath, content);
    if (stored === fileID) return;
    await files.remove([stored]);
    throw new ArtifactMisplacedError(artifact, stored, fileID);
  };
  const was = run.artifacts[artifact];
  if (was === undefined) {
    // A first write: named, then stored (a step redone after dying in between rewrites it).
    const cloudPath = artifactPath(run._id, artifact);
    const fileID = await files.idOf(cloudPath);
    await name({ [artifact]: fileID });
    await store(cloudPath, fileID);
    return fileID;
  }
  const folder = crypto.randomBytes(6).toString('hex');
  const cloudPath = rewrittenArtifactPath(run._id, artifact, folder);
  const fileID = await files.idOf(cloudPath);
  const first = await files.idOf(artifactPath(run._id, artifact));
  // Named before stored, under its own key (and the first file under its, once the name moves off it).
  await name({ [versionKey(artifact, folder)]: fileID, ...(was === first ? { [versionKey(artifact)]: first } : {}) });
  await store(cloudPath, fileID);
  await name({ [artifact]: fileID });
  // No longer read; a failure leaves it named, for retention.
  await files.remove([was]).catch(() => undefined);
  return fileID;
}
