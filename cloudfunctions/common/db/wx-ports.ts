/** The storage ports implemented on the real database through {@link Db}. */
import { COLLECTIONS } from '../contracts/collections';
import { CONSENT_VERSION, type ConsentDoc } from '../consent/policy';
import { canonicalKey } from '../profile/bucket-keys';
import type { ProfileDoc } from '../profile/types';
import type { UpdateSpec } from '../profile/update-spec';
import type { ConsentStore, DeadLetterStore, EventStore, ProfileStore } from './ports';
import { quotaClaimer } from './quota-claim';
import { Db, type Doc } from './wx-db';

/** {@link EventStore} on `events`. */
export function wxEventStore(db: Db): EventStore {
  const E = COLLECTIONS.events;
  return {
    insertMany: (docs) => db.insert(E, docs as unknown as Doc[]),
    removeCustomer: (openid) => db.removeWhere(E, { openid }),
  };
}

/** The SDK update document of a combined spec, plus the rev bump and the dirty marker. */
export function specToUpdate(db: Db, spec: UpdateSpec): Doc {
  const _ = db._;
  const data: Doc = { rev: _.inc(1), updatedAt: db.serverDate() };
  for (const [k, v] of Object.entries(spec.inc)) data[k] = _.inc(v);
  for (const [k, v] of Object.entries(spec.min)) data[k] = _.min(v);
  for (const [k, v] of Object.entries(spec.max)) data[k] = _.max(v);
  for (const [k, v] of Object.entries(spec.set)) data[k] = _.set(v);
  return data;
}

/** {@link ProfileStore} on `profiles`. */
export function wxProfileStore(db: Db): ProfileStore {
  const P = COLLECTIONS.profiles;
  const consenting = (openid: string) => ({ _id: openid, consentV: db._.gte(CONSENT_VERSION) });
  const mark = (batchId: string, at: number) => ({
    [`pending.${batchId}`]: db._.set(at),
    pendingCount: db._.inc(1),
    rev: db._.inc(1),
  });
  const claimQuota = quotaClaimer(db, P);
  return {
    async openBatch(openid, batchId, at, claim) {
      if (!claim) return (await db.updateWhere(P, consenting(openid), mark(batchId, at))) > 0 ? { marked: true } : 'no-mirror';
      // No read when neither form matches: the slow path (consent record, markPending) finds out.
      const r = await claimQuota(openid, consenting(openid), mark(batchId, at), claim, false);
      return r === 'no-match' ? 'no-mirror' : r;
    },
    async markPending(openid, batchId, at, consentV, claim) {
      if (claim && claim.n > claim.max) return { marked: false, used: 0 };
      const data = { ...mark(batchId, at), consentV: db._.set(consentV) };
      const update = async () =>
        claim ? claimQuota(openid, { _id: openid }, data, claim) : (await db.updateById(P, openid, data)) > 0 ? { marked: true as const } : 'no-match';
      // With a claim, open-batch's claim just found no profile with a mirror — most often no
      // profile at all (a first batch): insert first, the claim's forms and read only after.
      if (!claim) {
        const found = await update();
        if (found !== 'no-match') return found;
      }
      // First batch of this customer: create the profile already carrying this batch's mark (and
      // its quota count) — the very document "insert an empty profile (rev 0), then apply the
      // update above" leaves, in one request instead of two. A concurrent creator may win
      // (duplicate key): then apply the same atomic update to its document. No read-modify-write.
      const q = claim ? { q: { day: claim.day, n: claim.n } } : {};
      const doc = { _id: openid, openid, rev: 1, d: {}, pending: { [batchId]: at }, pendingCount: 1, consentV, ...q };
      // True also when this insert was stored and only its answer lost (insertUnique's write-id).
      if (await db.insertUnique(P, doc)) return { marked: true };
      const again = await update();
      if (again === 'no-match') throw new Error(`profile ${openid} vanished while marking a batch`);
      return again;
    },
    async applySpec(openid, spec, batchId) {
      const data = {
        ...specToUpdate(db, spec),
        [`pending.${batchId}`]: db._.remove(),
        pendingCount: db._.inc(-1),
      };
      return (await db.updateWhere(P, consenting(openid), data)) > 0;
    },
    async clearPending(openid, batchId) {
      await db.updateById(P, openid, {
        [`pending.${batchId}`]: db._.remove(),
        pendingCount: db._.inc(-1),
        rev: db._.inc(1),
      });
    },
    get: async (openid) => (await db.getById(P, openid)) as ProfileDoc | null,
    async sessionsOn(openid, days) {
      // Only those buckets' session sets: the read stays small however large the profile is.
      const fields = Object.fromEntries(days.map((day) => [`d.${day}.s`, true]));
      const [doc] = await db.find(P, { _id: openid }, { fields, limit: 1 });
      const d = (doc?.d ?? {}) as Record<string, { s?: Record<string, unknown> } | undefined>;
      return new Map(days.map((day) => [day, new Set(Object.keys(d[day]?.s ?? {}).map(canonicalKey))]));
    },
    async remove(openid) {
      await db.removeWhere(P, { _id: openid });
    },
  };
}

/** {@link ConsentStore} on `consents`. */
export function wxConsentStore(db: Db): ConsentStore {
  return { get: async (openid) => (await db.getById(COLLECTIONS.consents, openid)) as ConsentDoc | null };
}

/** {@link DeadLetterStore} on `dead_letters`. */
export function wxDeadLetterStore(db: Db): DeadLetterStore {
  return { add: (docs) => db.insert(COLLECTIONS.deadLetters, docs) };
}
