/**
 * The model store's ports on wx-server-sdk: documents through the {@link Db} facade
 * (`model_versions`, `model_pointers`), files through `cloud.uploadFile/downloadFile/deleteFile`
 * (cloud storage in production, the local cloud's storage locally).
 */
import { COLLECTIONS } from '../contracts/collections';
import { Db, DuplicateKeyError, type Doc } from '../db/wx-db';
import type { ModelFiles, ModelStoreDb, ModelStorePorts } from './ports';
import { readKeysDeep, storedKeysDeep } from '../db/stored-keys';
import { versionId, type PointerDoc, type VersionDoc } from './types';

const P = COLLECTIONS.modelPointers;
const V = COLLECTIONS.modelVersions;

/** The storage calls of wx-server-sdk the store uses. */
export interface SdkStorage {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  downloadFile(o: { fileID: string }): Promise<{ fileContent: Buffer }>;
  deleteFile(o: {
    fileList: string[];
  }): Promise<{ fileList: Array<{ fileID: string; status: number; errMsg?: string }> }>;
}

/**
 * An update's data with object values wrapped in `_.set`: the SDK flattens a plain object into
 * dot paths (a merge), which would keep stale keys of the old `evaluation` or `change`.
 */
export function replacing(db: Db, patch: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '_id') continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? db._.set(v) : v;
  }
  return out;
}

/** A version (or patch) as stored: `meta` (a copy of meta.json) with its keys escaped (db/stored-keys.ts). */
const versionToStored = <T extends Partial<VersionDoc>>(v: T): Doc =>
  (v.meta ? { ...v, meta: storedKeysDeep(v.meta) } : v) as unknown as Doc;

/** A stored version as the store sees it (old unescaped meta as it is). */
const versionFromStored = (d: Doc | null): VersionDoc | null =>
  d && ({ ...d, ...(d.meta ? { meta: readKeysDeep(d.meta) } : {}) } as unknown as VersionDoc);

/** {@link ModelStoreDb} on the database. */
export function wxModelDb(db: Db): ModelStoreDb {
  return {
    getPointer: async (model) => (await db.getById(P, model)) as PointerDoc | null,
    listPointers: async () => (await db.find(P, {}, { limit: 100 })) as PointerDoc[],
    async swapPointer(expectedRev, next) {
      // A model's first pointer: insertUnique answers true also when this insert was stored and
      // only its answer lost (its write-id), false when another promotion's pointer is there.
      if (expectedRev === 0) return db.insertUnique(P, next as unknown as Doc & { _id: string });
      // One conditional single-document update: atomic in CloudBase and in the local cloud.
      return (
        (await db.updateWhere(
          P,
          { _id: next._id, rev: expectedRev },
          replacing(db, next as unknown as Doc),
        )) === 1
      );
    },
    async insertVersion(doc) {
      // A version id is new per publish (time + random suffix): one already there is another
      // publish's, and this one fails (the store removes its files). This publish's own insert,
      // stored with its answer lost, is not that: insertUnique's write-id says so.
      if (!(await db.insertUnique(V, versionToStored(doc) as Doc & { _id: string })))
        throw new DuplicateKeyError(`model version ${doc._id} exists`);
    },
    async finishUpload(model, version, files) {
      // Conditional on `uploading`: a version retention already deleted (or is deleting) stays gone.
      const data = replacing(db, { status: 'candidate', files } as unknown as Doc);
      return (await db.updateWhere(V, { _id: versionId(model, version), status: 'uploading' }, data)) === 1;
    },
    getVersion: async (model, version) => versionFromStored(await db.getById(V, versionId(model, version))),
    async patchVersion(model, version, patch) {
      await db.updateById(V, versionId(model, version), replacing(db, versionToStored(patch)));
    },
    listVersions: async (model, limit) =>
      (await db.find(V, { model }, { orderBy: ['createdAt', 'desc'], limit })).map((d) => versionFromStored(d)!),
  };
}

/** Where {@link wxModelFiles} learns its environment's fileID prefix (a tiny file, overwritten each time). */
export const FILE_ID_PROBE = 'models/.file-id-probe';

/** {@link ModelFiles} on cloud storage. */
export function wxModelFiles(cloud: SdkStorage): ModelFiles {
  // A fileID is `cloud://<env>.<bucket>/<cloudPath>` (WeChat's and the local cloud's form); the
  // bucket is not known to the SDK, so one upload of a fixed path per container tells the prefix.
  let prefix: Promise<string> | undefined;
  const learnPrefix = async (): Promise<string> => {
    const { fileID } = await cloud.uploadFile({ cloudPath: FILE_ID_PROBE, fileContent: Buffer.from('qx') });
    if (!fileID.endsWith(`/${FILE_ID_PROBE}`)) throw new Error(`unexpected fileID form: ${fileID}`);
    return fileID.slice(0, -FILE_ID_PROBE.length);
  };
  return {
    async idOf(cloudPath) {
      prefix ??= learnPrefix().catch((err: unknown) => {
        prefix = undefined; // a failed probe is tried again by the next publish
        throw err;
      });
      return `${await prefix}${cloudPath}`;
    },
    upload: async (cloudPath, content) =>
      (await cloud.uploadFile({ cloudPath, fileContent: content })).fileID,
    download: async (fileID) => Buffer.from((await cloud.downloadFile({ fileID })).fileContent),
    async remove(fileIDs) {
      for (let i = 0; i < fileIDs.length; i += 50) {
        const res = await cloud.deleteFile({ fileList: fileIDs.slice(i, i + 50) });
        const failed = res.fileList.filter((f) => f.status !== 0 && f.status !== -503003);
        if (failed.length)
          throw new Error(`could not delete ${failed.map((f) => `${f.fileID}: ${f.errMsg}`).join('; ')}`);
      }
    },
  };
}

/** Both ports for a function: `wxModelStorePorts(new Db(cloud.database()), cloud)`. */
export function wxModelStorePorts(db: Db, cloud: SdkStorage): ModelStorePorts {
  return { db: wxModelDb(db), files: wxModelFiles(cloud) };
}
