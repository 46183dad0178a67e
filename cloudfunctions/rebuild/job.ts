/**
 * The profile rebuild job, one call at a time (timer), each within a time budget (< 60 s):
 * 1. repair: stock holds of order calls that ended without dropping them are settled (back on the
 *    shelf unless their order was stored: common/catalog/stock-holds.ts); orders whose purchase
 *    facts were never recorded (`facts: 'pending'` past the grace period) are recorded
 *    (repair-orders.ts); customers whose profile carries a pending mark older
 *    than the grace period (a `track` or `shop` call died between storing events and updating the
 *    profile) are recomputed;
 * 2. full rebuild: when started (daily, or on request) it pages through `profiles` in `_id` order
 *    (every customer with stored events has a profile: track creates it before storing events),
 *    recomputes each customer from its raw events (fetched by the `openid` index), and saves the
 *    cursor in `jobs` after every page and when the budget runs out, so the next call resumes
 *    there. Recomputing a customer twice is harmless (idempotent), so the cursor may lag a little.
 * A lease in the job document keeps two overlapping calls from working at once.
 */
import { settleStaleHolds } from '../common/catalog/stock-holds';
import { positionsSaved } from '../common/consent/erase-guard';
import { COLLECTIONS } from '../common/contracts/collections';
import { DuplicateKeyError, type Db, type Doc } from '../common/db/wx-db';
import { DAY_MS } from '../common/profile/day';
import { IN_FLIGHT_GRACE_MS, rebuildCustomer, type RebuildOptions, type RebuildOutcome } from './rebuild-one';
import { repairOrderFacts } from './repair-orders';

/** `_id` of the job document in `jobs`. */
export const JOB_ID = 'profile-rebuild';
/** A completed full rebuild is started again after this long. */
export const FULL_EVERY_MS = DAY_MS;
const PAGE = 1000;
const PROFILE_PAGE = 100;

/** The job document. */
export interface RebuildJobDoc {
  _id: string;
  state: 'idle' | 'running';
  /** resume after this `_id` (exclusive) */
  cursor: string;
  /** null = recompute from every raw event; else keep profile buckets older than this many days */
  horizonDays: number | null;
  startedAt: number | null;
  completedAt: number | null;
  leaseUntil: number;
  counts: Record<RebuildOutcome, number>;
}

/** Options of one call. */
export interface RebuildRunOptions {
  db: Db;
  now: () => number;
  /** stop taking new work after this long (ms) */
  budgetMs: number;
  /** default horizon (days) when a full rebuild starts by itself: the raw-event retention */
  retentionDays: number;
  /** start a full rebuild now (with this horizon; null = all raw events) */
  start?: { horizonDays: number | null };
}

/** What one call did. */
export interface RebuildRunReport {
  repaired: number;
  /** orders whose purchase facts were recorded by the repair pass */
  ordersRepaired: number;
  /** stock holds of ended order calls settled by the repair pass */
  holdsSettled: number;
  full: { state: 'idle' | 'running'; cursor: string; counts: Record<RebuildOutcome, number> } | null;
  leased: boolean;
  ms: number;
}

const zero = (): Record<RebuildOutcome, number> => ({ written: 0, unchanged: 0, inflight: 0, conflict: 0, erased: 0, oversized: 0 });

/** The job document of an environment where it never ran. */
const fresh = (): RebuildJobDoc => ({
  _id: JOB_ID,
  state: 'idle',
  cursor: '',
  horizonDays: null,
  startedAt: null,
  completedAt: null,
  leaseUntil: 0,
  counts: zero(),
});

async function acquire(db: Db, now: number, budgetMs: number): Promise<RebuildJobDoc | null> {
  try {
    await db.insert(COLLECTIONS.jobs, [fresh() as unknown as Doc]);
  } catch (err) {
    if (!(err instanceof DuplicateKeyError)) throw err;
  }
  const leaseUntil = now + budgetMs + 15_000;
  const n = await db.updateWhere(COLLECTIONS.jobs, { _id: JOB_ID, leaseUntil: db._.lt(now) }, { leaseUntil });
  if (n === 0) return null;
  // The lease is ours (the primary said so). The read may come from a replica that has not applied
  // the last writes (scripts/local-cloud/README.md, read lag): the first call of a new environment
  // then finds no job at all, though the update just leased it, and used to skip the whole call,
  // repairs included, holding the lease. Absent means created within the lag: a new job. (An older
  // state read back costs a page or a pass done again, never a wrong profile: rebuilding is idempotent.)
  const read = (await db.getById(COLLECTIONS.jobs, JOB_ID)) as RebuildJobDoc | null;
  return read ?? { ...fresh(), leaseUntil };
}

async function repair(
  o: RebuildRunOptions,
  ro: (horizonDays: number | null) => RebuildOptions,
  deadline: number,
): Promise<number> {
  const cutoff = o.now() - IN_FLIGHT_GRACE_MS;
  let n = 0;
  // Every marked profile, page by page: a single page of an unordered query may hold only
  // in-flight marks on every pass and hide a stuck customer behind them for good.
  for await (const marked of o.db.pages(COLLECTIONS.profiles, { pendingCount: o.db._.gt(0) }, { pageSize: PAGE, fields: { pending: true, pendingCount: true } })) {
    const openids = marked
      .filter(
        (p) =>
          Object.values((p.pending ?? {}) as Record<string, number>).some((at) => at < cutoff) ||
          (p.pendingCount && !p.pending),
      )
      .map((p) => p._id as string);
    for (const openid of openids) {
      if (o.now() > deadline) return n;
      if ((await rebuildCustomer(ro(o.retentionDays), openid)) === 'written') n++;
    }
    if (o.now() > deadline) return n;
  }
  return n;
}

/** One call of the rebuild job. */
export async function runRebuildJob(o: RebuildRunOptions): Promise<RebuildRunReport> {
  const t0 = o.now();
  const deadline = t0 + o.budgetMs;
  const job = await acquire(o.db, t0, o.budgetMs);
  if (!job) return { repaired: 0, ordersRepaired: 0, holdsSettled: 0, full: null, leased: false, ms: o.now() - t0 };
  const ro = (horizonDays: number | null): RebuildOptions => ({
    db: o.db,
    now: o.now(),
    horizonMs: horizonDays === null ? 0 : o.now() - horizonDays * DAY_MS,
  });
  const holdsSettled = await settleStaleHolds(o.db, o.now, deadline, IN_FLIGHT_GRACE_MS);
  // Orders first: recording their facts may leave pending marks the profile repair then sees.
  const ordersRepaired = await repairOrderFacts(o.db, o.now, deadline);
  const repaired = await repair(o, ro, deadline);
  if (o.start || (job.state === 'idle' && (job.completedAt ?? 0) + FULL_EVERY_MS < t0)) {
    Object.assign(job, { state: 'running', cursor: '', startedAt: t0, counts: zero() });
    job.horizonDays = o.start ? o.start.horizonDays : o.retentionDays;
  }
  // Every save of the position asks after it whether its customer was erased since this call
  // began (every profile it pages is read after t0): a page read before an erasure and saved after
  // the erasure moved the position off them would otherwise write their openid back.
  const save = async (extra: Partial<RebuildJobDoc> = {}): Promise<void> => {
    const { _id, ...rest } = { ...job, ...extra };
    await o.db.updateWhere(COLLECTIONS.jobs, { _id }, { ...rest, counts: o.db._.set(rest.counts) });
    await positionsSaved(o.db, [rest.cursor], t0);
  };
  while (job.state === 'running' && o.now() < deadline) {
    const where: Doc = job.cursor ? { _id: o.db._.gt(job.cursor) } : {};
    const page = await o.db.find(COLLECTIONS.profiles, where, {
      orderBy: ['_id', 'asc'],
      limit: PROFILE_PAGE,
      fields: { _id: true },
    });
    if (page.length === 0) {
      // The cursor goes with the pass: the last id paged may be a customer erased since.
      Object.assign(job, { state: 'idle', cursor: '', completedAt: o.now() });
      break;
    }
    for (const { _id } of page) {
      if (o.now() > deadline) break;
      const outcome = await rebuildCustomer(ro(job.horizonDays), _id as string);
      job.counts[outcome] = (job.counts[outcome] ?? 0) + 1; // a job doc from before 'erased' lacks it
      job.cursor = _id as string;
    }
    await save();
  }
  await save({ leaseUntil: 0 });
  return {
    repaired,
    ordersRepaired,
    holdsSettled,
    full: { state: job.state, cursor: job.cursor, counts: job.counts },
    leased: true,
    ms: o.now() - t0,
  };
}
