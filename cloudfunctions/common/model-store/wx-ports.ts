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
      if (expectedRev === 0) {
        try {
          await db.insert(P, [next as unknown as Doc]);
          return true;
        } catch (err) {
          if (!(err instanceof DuplicateKeyError)) throw err;
          // -501001 is also this very insert, stored with its answer lost: the pointer is ours
          // when it is exactly the one this call wrote (same change, same time).
          const held = err.present.get(next._id);
          const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
          return !!held && held.rev === next.rev && held.serving === next.serving && new Date(held.changedAt as Date).getTime() === new Date(next.changedAt).getTime() && same(held.change, next.change);
        }
      }
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
      try {
        await db.insert(V, [versionToStored(doc)]);
      } catch (err) {
        // -501001 is also this very insert, stored with its answer lost: a version with this
        // insert's own files and time is ours (the store would remove the files of a failed one).
        const held = err instanceof DuplicateKeyError ? err.present.get(doc._id) : undefined;
        const at = (d: { createdAt?: unknown }) => new Date(d.createdAt as Date).getTime();
        if (held && at(held) === at(doc) && JSON.stringify(held.files) === JSON.stringify(doc.files)) return;
        throw err;
      }
    },
    getVersion: async (model, version) => versionFromStored(await db.getById(V, versionId(model, version))),
    async patchVersion(model, version, patch) {
      await db.updateById(V, versionId(model, version), replacing(db, versionToStored(patch)));
    },
    listVersions: async (model, limit) =>
      (await db.find(V, { model }, { orderBy: ['createdAt', 'desc'], limit })).map((d) => versionFromStored(d)!),
  };
}

/** {@link ModelFiles} on cloud storage. */
export function wxModelFiles(cloud: SdkStorage): ModelFiles {
  return {
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
