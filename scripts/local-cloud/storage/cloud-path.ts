/**
 * Cloud paths and fileIDs of the local cloud's storage, in the real service's forms:
 * `cloud://<env>.<bucket>/<path>`, where the bucket is derived from the env as the service does
 * (`<hex of the env's first bytes>-<env>-<app number>`). A path that could leave the storage folder
 * or that COS would refuse is rejected here, before any file is touched.
 */

/** COS caps object keys at 850 bytes. */
export const MAX_PATH_BYTES = 850;
/** Most file systems cap a name at 255 bytes; a segment also gets a 2-byte suffix on disk. */
export const MAX_SEGMENT_BYTES = 200;

/** A path or fileID the storage refuses. */
export class InvalidCloudPathError extends Error {
  override name = 'InvalidCloudPathError';
}

/** The bucket name of `env` (stable, so fileIDs stay valid across restarts). */
export function bucketOf(env: string): string {
  return `${Buffer.from(env).toString('hex').slice(0, 8)}-${env}-1300000000`;
}

/** The fileID of `path` in `env`. */
export function fileIdOf(env: string, path: string): string {
  return `cloud://${env}.${bucketOf(env)}/${path}`;
}

/** Validate a cloud path (`models/value/1/model.onnx`); returns its segments. */
export function checkCloudPath(path: unknown): string[] {
  if (typeof path !== 'string' || path.length === 0)
    throw new InvalidCloudPathError('cloudPath must be a non-empty string');
  if (Buffer.byteLength(path) > MAX_PATH_BYTES)
    throw new InvalidCloudPathError(`cloudPath longer than ${MAX_PATH_BYTES} bytes`);
  if (/[\u0000-\u001f\u007f\\]/.test(path))
    throw new InvalidCloudPathError('cloudPath contains a control character or a backslash');
  // The SDK passes a temp URL through encodeURI, which keeps ? and # and re-encodes %: such a
  // path could not be downloaded again, so it is refused at upload (stricter than COS).
  if (/[?#%]/.test(path)) throw new InvalidCloudPathError('cloudPath must not contain ?, # or %');
  if (path.startsWith('/')) throw new InvalidCloudPathError('cloudPath must not start with /');
  const segments = path.split('/');
  for (const s of segments) {
    if (s === '')
      throw new InvalidCloudPathError('cloudPath must not contain an empty segment (//) or end with /');
    if (s === '.' || s === '..')
      throw new InvalidCloudPathError('cloudPath must not contain . or .. segments');
    if (Buffer.byteLength(s) > MAX_SEGMENT_BYTES)
      throw new InvalidCloudPathError(`a cloudPath segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
  return segments;
}

/**
 * Parse a fileID into its env and path. The fileID names its own bucket (as in the real cloud, where
 * any function of the account can read a fileID it was given), so no env is assumed; the bucket
 * must be the one that env's files live in.
 */
export function parseFileId(fileId: unknown): { env: string; path: string } {
  if (typeof fileId !== 'string') throw new InvalidCloudPathError('fileID must be a string');
  const m = /^cloud:\/\/([A-Za-z0-9_-]{1,64})\.([^/]+)\/(.+)$/s.exec(fileId);
  if (!m || m[2] !== bucketOf(m[1]))
    throw new InvalidCloudPathError(`not a fileID of this cloud: ${fileId.slice(0, 120)}`);
  checkCloudPath(m[3]);
  return { env: m[1], path: m[3] };
}
