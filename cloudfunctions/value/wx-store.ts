/** {@link ValueStore} on the real database through the typed `Db` facade (wx-server-sdk). */
import { COLLECTIONS } from '../common/contracts/collections';
import { Db, DuplicateKeyError } from '../common/db/wx-db';
import type { ProfileDoc } from '../common/profile/types';
import { emptyValueJob, type ValueJobDoc, type ValueStore } from './store';

const JOB_ID = 'value';

/** The store on `db`. */
export function wxValueStore(db: Db): ValueStore {
  const _ = db._;
  return {
    async acquire(now, until, leaseId) {
      const took = await db.updateWhere(
        COLLECTIONS.jobs,
        { _id: JOB_ID, leaseUntil: _.lt(now) },
        { leaseUntil: until, leaseId },
      );
      if (took === 0) {
        if (await db.getById(COLLECTIONS.jobs, JOB_ID)) return null; // another call holds it
        try {
          await db.insert(COLLECTIONS.jobs, [{ ...emptyValueJob(), leaseUntil: until, leaseId }]);
        } catch (err) {
          if (err instanceof DuplicateKeyError) return null;
          throw err;
        }
      }
      const doc = (await db.getById(COLLECTIONS.jobs, JOB_ID)) as ValueJobDoc | null;
      return doc && doc.leaseId === leaseId ? { ...emptyValueJob(), ...doc } : null;
    },
    async saveJob(patch) {
      // objects are replaced whole, never merged key by key with an older model
      const data: Record<string, unknown> = { ...patch };
      for (const k of ['model', 'dataWindow', 'lastError'] as const) if (patch[k]) data[k] = _.set(patch[k]);
      await db.updateById(COLLECTIONS.jobs, JOB_ID, data);
    },
    async pageProfiles(after, limit) {
      return (await db.find(
        COLLECTIONS.profiles,
        { _id: _.gt(after) },
        { orderBy: ['_id', 'asc'], limit },
      )) as ProfileDoc[];
    },
    async writeValue(openid, value) {
      await db.updateById(COLLECTIONS.profiles, openid, { value: _.set(value) });
    },
  };
}
