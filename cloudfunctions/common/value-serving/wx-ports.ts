/** {@link ValueDataPorts} on the real database through the typed `Db` facade (wx-server-sdk). */
import { erasedSince } from '../consent/erasures';
import { COLLECTIONS } from '../contracts/collections';
import type { Db, Doc } from '../db/wx-db';
import type { ProfileDoc } from '../profile/types';
import type { ValueDataPorts } from './ports';

/** The ports on `db`. */
export function wxValueDataPorts(db: Db): ValueDataPorts {
  const _ = db._;
  return {
    async pageProfiles(after, limit) {
      // Filled from as many answers as 1 MB each allows (profiles with long histories are large).
      return (await db.keysetPage(COLLECTIONS.profiles, {}, { after, limit })).docs as ProfileDoc[];
    },
    async writeValue(openid, value) {
      // _.set: replace the object whole, never merge key by key with an older prediction.
      await db.updateById(COLLECTIONS.profiles, openid, { value: _.set(value) });
    },
    async clearValue(openid) {
      await db.updateById(COLLECTIONS.profiles, openid, { value: _.remove() });
    },
    erasedSince: (since) => erasedSince(db, since),
    async saveSnapshot(s) {
      // One doc per day: a later pass the same day (after a rollback, say) replaces it.
      const { _id, ...rest } = s;
      await db.setById(COLLECTIONS.valueSnapshots, _id, rest as unknown as Doc);
    },
  };
}
