/** {@link SegmentStore} on the real database through the typed `Db` facade (wx-server-sdk). */
import { positionsSaved } from '../common/consent/erase-guard';
import { erasedSince } from '../common/consent/erasures';
import { COLLECTIONS } from '../common/contracts/collections';
import { Db, DuplicateKeyError } from '../common/db/wx-db';
import type { ProfileDoc } from '../common/profile/types';
import { emptyJob, type SegmentJobDoc, type SegmentRunDoc, type SegmentStore } from './store';

const JOB_ID = 'segment';
/** What a segment write sets on a profile (ProfileSegmentFields, plus its server-side stamp). */
const SEGMENT_FIELDS = ['segment', 'segmentName', 'segmentPhrase', 'segmentReasons', 'segmentReasonFacts', 'features', 'featuresAt', 'segmentedRev', 'modelVersion', 'segmentedAt'];

/** The store on `db`. */
export function wxSegmentStore(db: Db): SegmentStore {
  const _ = db._;
  return {
    async acquire(now, until, leaseId) {
      const took = await db.updateWhere(COLLECTIONS.jobs, { _id: JOB_ID, leaseUntil: _.lt(now) }, { leaseUntil: until, leaseId });
      if (took === 0) {
        if (await db.getById(COLLECTIONS.jobs, JOB_ID)) return null; // another invocation holds it
        // The first job: insertUnique answers true also when this insert was stored and only its
        // answer was lost (a plain insert read that as another invocation's, and the pass waited
        // out its own lease).
        if (!(await db.insertUnique(COLLECTIONS.jobs, { ...emptyJob(), leaseUntil: until, leaseId }))) return null;
      }
      // The lease is ours: the conditional update (or this call's own insert) said so on the
      // primary. The read may lag those writes (a replica behind this call's own writes:
      // scripts/local-cloud/README.md, read lag): it then lacks the job or shows the lease before,
      // and requiring our leaseId in it made every tick skip the pass while reads lagged. Its state
      // is then an older one of the job, saved whole (cursor and counts together), so resuming from
      // it scores some pages again; segment writes are conditional on the profile's rev.
      const doc = (await db.getById(COLLECTIONS.jobs, JOB_ID)) as SegmentJobDoc | null;
      return { ...emptyJob(), ...(doc ?? {}), leaseUntil: until, leaseId };
    },
    async saveJob(patch) {
      // `counts` is replaced whole (set), never merged key by key
      const data: Record<string, unknown> = { ...patch };
      if (patch.counts) data.counts = _.set(patch.counts);
      if (patch.lastError) data.lastError = _.set(patch.lastError);
      await db.updateById(COLLECTIONS.jobs, JOB_ID, data);
    },
    // Pages are filled from as many answers as 1 MB each allows (Db.keysetPage).
    async pageProfiles(after, limit) {
      return (await db.keysetPage(COLLECTIONS.profiles, {}, { after, limit })).docs as ProfileDoc[];
    },
    async pageDirty(since, after, limit) {
      // updatedAt is a server date (see common/db/wx-ports.ts): compare as a Date
      return (await db.keysetPage(COLLECTIONS.profiles, { updatedAt: _.gt(new Date(since)) }, { after, limit })).docs as ProfileDoc[];
    },
    async writeSegment(openid, rev, fields) {
      const where = rev === undefined ? { _id: openid } : { _id: openid, rev };
      const n = await db.updateWhere(COLLECTIONS.profiles, where, { ...fields, segmentReasons: _.set(fields.segmentReasons), segmentReasonFacts: _.set(fields.segmentReasonFacts), features: _.set(fields.features), segmentedAt: db.serverDate() });
      return n > 0;
    },
    async appendHistory(docs) {
      if (docs.length === 0) return;
      try {
        await db.insert(COLLECTIONS.segmentHistory, docs); // all or none
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        // a re-run of a page whose entries were (partly) written before: insert the rest one by one
        const have = new Set((await db.find(COLLECTIONS.segmentHistory, { _id: _.in(docs.map((d) => d._id)) }, { limit: docs.length })).map((d) => d._id));
        for (const d of docs.filter((x) => !have.has(x._id))) {
          try {
            await db.insert(COLLECTIONS.segmentHistory, [d]);
          } catch (e) {
            if (!(e instanceof DuplicateKeyError)) throw e;
          }
        }
      }
    },
    async removeHistory(ids) {
      if (ids.length) await db.removeWhere(COLLECTIONS.segmentHistory, { _id: _.in(ids) });
    },
    erasedSince: (since) => erasedSince(db, since),
    positionsSaved: (ids, since) => positionsSaved(db, ids, since),
    async forgetSegment(openid) {
      const gone = Object.fromEntries(SEGMENT_FIELDS.map((k) => [k, _.remove()]));
      await db.updateById(COLLECTIONS.profiles, openid, gone);
    },
    async lastRun() {
      const [doc] = await db.find(COLLECTIONS.segmentRuns, {}, { orderBy: ['finishedAt', 'desc'], limit: 1 });
      return (doc as SegmentRunDoc | undefined) ?? null;
    },
    async insertRun(doc) {
      try {
        await db.insert(COLLECTIONS.segmentRuns, [{ ...doc, counts: doc.counts, shares: doc.shares }]);
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    },
  };
}
