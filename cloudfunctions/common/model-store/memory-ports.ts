/**
 * In-memory ports of the model store: unit tests, and commands (eval, bench) that run the product's
 * refit/guard code without a cloud. Documents are cloned in and out, as a database would.
 */
import crypto from 'node:crypto';
import type { ModelFiles, ModelStoreDb, ModelStorePorts } from './ports';
import type { PointerDoc, VersionDoc } from './types';

const copy = <T>(x: T): T => structuredClone(x);

/** A {@link ModelStoreDb} in memory. */
export function memoryModelDb(): ModelStoreDb & {
  pointers: Map<string, PointerDoc>;
  versions: Map<string, VersionDoc>;
} {
  const pointers = new Map<string, PointerDoc>();
  const versions = new Map<string, VersionDoc>();
  return {
    pointers,
    versions,
    getPointer: async (model) => copy(pointers.get(model) ?? null),
    listPointers: async () => [...pointers.values()].map(copy),
    async swapPointer(expectedRev, next) {
      if ((pointers.get(next._id)?.rev ?? 0) !== expectedRev) return false;
      pointers.set(next._id, copy(next));
      return true;
    },
    async insertVersion(doc) {
      if (versions.has(doc._id)) throw new Error(`duplicate key ${doc._id}`);
      versions.set(doc._id, copy(doc));
    },
    async finishUpload(model, version, files) {
      const d = versions.get(`${model}@${version}`);
      if (d?.status !== 'uploading') return false;
      versions.set(d._id, { ...d, status: 'candidate', files: copy(files) });
      return true;
    },
    getVersion: async (model, version) => copy(versions.get(`${model}@${version}`) ?? null),
    async patchVersion(model, version, patch) {
      const d = versions.get(`${model}@${version}`);
      if (d) versions.set(d._id, { ...d, ...copy(patch) });
    },
    listVersions: async (model, limit) =>
      [...versions.values()]
        .filter((v) => v.model === model)
        .sort((a, b) => +b.createdAt - +a.createdAt || b.version.localeCompare(a.version))
        .slice(0, limit)
        .map(copy),
  };
}

/** {@link ModelFiles} in memory, with fileIDs shaped like the cloud's. */
export function memoryModelFiles(): ModelFiles & { blobs: Map<string, Buffer> } {
  const blobs = new Map<string, Buffer>();
  const idOf = (cloudPath: string) =>
    `cloud://memory.${crypto.createHash('sha1').update('memory').digest('hex').slice(0, 8)}/${cloudPath}`;
  return {
    blobs,
    idOf: async (cloudPath) => idOf(cloudPath),
    async upload(cloudPath, content) {
      const id = idOf(cloudPath);
      blobs.set(id, Buffer.from(content));
      return id;
    },
    async download(fileID) {
      const b = blobs.get(fileID);
      if (!b) throw new Error(`no such file: ${fileID}`);
      return Buffer.from(b);
    },
    async remove(ids) {
      for (const id of ids) blobs.delete(id);
    },
  };
}

/** Both in-memory ports. */
export function memoryModelStorePorts(now?: () => Date): ModelStorePorts & {
  db: ReturnType<typeof memoryModelDb>;
  files: ReturnType<typeof memoryModelFiles>;
} {
  return { db: memoryModelDb(), files: memoryModelFiles(), now };
}
