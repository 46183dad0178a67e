/**
 * Segment statistics change only when profiles are re-segmented, but computing them scans every
 * profile. So the admin page reads a snapshot in `jobs` (`_id` = `admin-segment-stats`) and
 * recomputes only when it is stale: the profile count or the latest segmentation run changed, or
 * it is older than {@link STATS_TTL_MS}. Staff can force a refresh.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { namesInTodaysWords } from '../segments/display-name';
import { segmentStats, type SegmentStat } from './segment-stats';

/** A snapshot is recomputed after this long even if nothing visible changed. */
export const STATS_TTL_MS = 10 * 60_000;
const CACHE_ID = 'admin-segment-stats';

/** Statistics plus when they were computed and whether this answer came from the snapshot. */
export interface CachedStats {
  segments: SegmentStat[];
  population: SegmentStat;
  computedAt: number;
  computeMs: number;
  cached: boolean;
}

/** The freshness key: profile count and the newest segmentation run's time. */
async function freshnessKey(db: Db, lastRunAt: number | null): Promise<string> {
  const total = await db.count(COLLECTIONS.profiles, {});
  return `${total}:${lastRunAt ?? 0}`;
}

/** Fresh snapshot, or a recomputation stored for the next caller. */
export async function cachedSegmentStats(
  db: Db,
  lastRunAt: number | null,
  opts: { refresh?: boolean; now?: number } = {},
): Promise<CachedStats> {
  const now = opts.now ?? Date.now();
  const key = await freshnessKey(db, lastRunAt);
  if (!opts.refresh) {
    const hit = (await db.getById(COLLECTIONS.jobs, CACHE_ID)) as (CachedStats & { key: string }) | null;
    if (hit && hit.key === key && now - hit.computedAt < STATS_TTL_MS) {
      // A snapshot stored before a rule was renamed (or by a release that did not map names) holds
      // the old stored name until it expires: read in today's words, as every other reader does.
      return {
        segments: hit.segments.map((st) => namesInTodaysWords(st, ['name'])),
        population: namesInTodaysWords(hit.population, ['name']),
        computedAt: hit.computedAt,
        computeMs: hit.computeMs,
        cached: true,
      };
    }
  }
  const t0 = Date.now();
  const stats = await segmentStats(db);
  const out: CachedStats = { ...stats, computedAt: now, computeMs: Date.now() - t0, cached: false };
  await db.setById(COLLECTIONS.jobs, CACHE_ID, {
    kind: 'cache',
    key,
    segments: out.segments,
    population: out.population,
    computedAt: out.computedAt,
    computeMs: out.computeMs,
  });
  return out;
}
