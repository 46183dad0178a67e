/**
 * An in-memory {@link SegmentStore} for the job's unit tests (the integration suite runs the
 * real function against the local cloud). Lease and rev checks behave like the database ones.
 */
import type { ProfileDoc } from '../common/profile/types';
import { emptyJob, type SegmentHistoryDoc, type SegmentJobDoc, type SegmentRunDoc, type SegmentStore } from './store';

/** The store plus its tables for assertions. */
export interface MemoryStore extends SegmentStore {
  profiles: Map<string, ProfileDoc>;
  job: SegmentJobDoc | null;
  history: SegmentHistoryDoc[];
  runs: SegmentRunDoc[];
  writes: number;
}

export function memoryStore(profiles: ProfileDoc[]): MemoryStore {
  const s: MemoryStore = {
    profiles: new Map(profiles.map((p) => [p._id, structuredClone(p)])),
    job: null,
    history: [],
    runs: [],
    writes: 0,
    async acquire(now, until, leaseId) {
      if (s.job && s.job.leaseUntil >= now) return null;
      s.job = { ...(s.job ?? emptyJob()), leaseUntil: until, leaseId };
      return structuredClone(s.job);
    },
    async saveJob(patch) {
      s.job = { ...(s.job ?? emptyJob()), ...structuredClone(patch) };
    },
    async pageProfiles(after, limit) {
      return [...s.profiles.values()].filter((p) => p._id > after).sort((a, b) => (a._id < b._id ? -1 : 1)).slice(0, limit).map((p) => structuredClone(p));
    },
    async pageDirty(since, after, limit) {
      // duck-typed: structuredClone returns main-realm Dates, not the jest sandbox's
      const ms = (v: unknown) => (typeof (v as Date)?.getTime === 'function' ? (v as Date).getTime() : typeof v === 'number' ? v : -Infinity);
      return (await s.pageProfiles(after, Number.MAX_SAFE_INTEGER)).filter((p) => ms(p.updatedAt) > since).slice(0, limit);
    },
    async writeSegment(openid, rev, fields) {
      const p = s.profiles.get(openid);
      if (!p || (rev !== undefined && p.rev !== rev)) return false;
      Object.assign(p, structuredClone(fields), { segmentedAt: Date.now() });
      s.writes++;
      return true;
    },
    async appendHistory(docs) {
      s.history.push(...docs.filter((d) => !s.history.some((h) => h._id === d._id)).map((d) => structuredClone(d)));
    },
    async removeHistory(ids) {
      s.history = s.history.filter((h) => !ids.includes(h._id));
    },
    async lastRun() {
      return s.runs.length ? s.runs[s.runs.length - 1] : null;
    },
    async insertRun(doc) {
      if (!s.runs.some((r) => r._id === doc._id)) s.runs.push(doc);
    },
  };
  return s;
}
