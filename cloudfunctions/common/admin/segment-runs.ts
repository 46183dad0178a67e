/**
 * Reads the segmentation job's `segment_runs` snapshots (distribution by segment id, PSI against
 * the previous run) tolerantly: the newest by `finishedAt` (what the segment job writes), each
 * point read from whatever time and distribution fields the run carries.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';

/** One run as the admin page uses it. */
export interface RunPoint {
  at: number;
  /** Customers per segment id at the end of the run. */
  distribution: Record<string, number>;
  psi: number | null;
  modelVersion: string | null;
  /** the run before it assigned by an older rule (segment/snapshot.ts `ruleChanged`): its PSI is no drift */
  ruleChanged?: boolean;
}

const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return Date.parse(v);
  if (v instanceof Date) return v.getTime();
  return null;
};

function toPoint(d: Record<string, unknown>): RunPoint | null {
  const at = num(d.finishedAt) ?? num(d.at) ?? num(d.startedAt) ?? num(d.createdAt);
  const dist = (d.distribution ?? d.counts ?? d.sizes) as Record<string, unknown> | undefined;
  if (at === null || !dist || typeof dist !== 'object') return null;
  const distribution: Record<string, number> = {};
  for (const [k, v] of Object.entries(dist)) {
    const n = typeof v === 'number' ? v : num((v as { count?: unknown })?.count);
    if (n !== null) distribution[k] = n;
  }
  const psiRaw = typeof d.psi === 'object' && d.psi !== null ? (d.psi as { value?: unknown }).value : d.psi;
  return {
    at,
    distribution,
    psi: typeof psiRaw === 'number' ? psiRaw : null,
    modelVersion:
      typeof d.modelVersion === 'string' ? d.modelVersion : typeof d.version === 'string' ? d.version : null,
    ...(d.ruleChanged === true ? { ruleChanged: true } : {}),
  };
}

/** Most runs a caller may ask for (the trend chart shows 30). */
export const MAX_RUNS = 100;

/**
 * Up to `limit` most recent runs, oldest first (for trend charts). The database returns only
 * those: newest `finishedAt` first (indexed, scripts/db/schema.json), `limit` rows — never the
 * whole history, which grows by four runs a day.
 */
export async function recentRuns(db: Db, limit = 30): Promise<RunPoint[]> {
  const n = Math.max(1, Math.min(MAX_RUNS, Math.floor(limit)));
  const runs = await db.find(COLLECTIONS.segmentRuns, {}, { orderBy: ['finishedAt', 'desc'], limit: n });
  return runs
    .map(toPoint)
    .filter((p): p is RunPoint => p !== null)
    .sort((a, b) => a.at - b.at);
}
