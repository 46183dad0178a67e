/**
 * One invocation of the segment job (state in `jobs/segment`, so every call resumes where the
 * last one stopped; each call stops starting pages once its time budget is spent):
 *
 * - FULL PASS over all profiles in `_id` order — due when a timer call finds the last pass older
 *   than `passIntervalMs`, when the model changed, or on a staff `run`. Every profile is scored,
 *   because segments depend on time (a customer who does nothing drifts toward 沉睡); the end of
 *   a pass writes a `segment_runs` snapshot with the distribution and PSI vs the previous run.
 * - DIRTY SWEEP otherwise: only profiles whose `updatedAt` (set by the ingest path on every
 *   change) is later than the watermark, so new activity shows up within one timer period.
 *
 * When the model cannot load, nothing is written — every customer keeps their last good segment —
 * and the error is recorded on the job.
 */
import type { SegmentationModel } from '../common/inference/segmentation';
import { scorePage } from './score-page';
import { buildRun } from './snapshot';
import type { SegmentJobDoc, SegmentRunDoc, SegmentStore } from './store';

/** Options of one invocation. */
export interface RunOptions {
  now: () => number;
  /** stop starting new pages after this many ms (the function limit is 60 s) */
  budgetMs: number;
  pageSize: number;
  /** parallel profile writes */
  writeConcurrency: number;
  /** 'timer': sweep, or a full pass when due; 'full': continue or start a full pass now */
  mode: 'timer' | 'full';
  /** a timer call starts a full pass when the last one finished at least this long ago */
  passIntervalMs: number;
}

/** What one invocation did. */
export interface RunResult {
  status: 'partial' | 'completed' | 'swept' | 'busy' | 'model_unavailable';
  kind: 'pass' | 'sweep' | null;
  passId: string | null;
  modelVersion: string | null;
  scored: number;
  written: number;
  changed: number;
  run?: SegmentRunDoc;
  error?: string;
}

/** Server and function clocks may differ a little: watermarks step back this far. */
export const CLOCK_MARGIN_MS = 5_000;

type Ctx = { store: SegmentStore; model: SegmentationModel; o: RunOptions; start: number; job: SegmentJobDoc };
const PASS_FIELDS = ['passId', 'cursor', 'passStartedAt', 'modelVersion', 'counts', 'scored', 'written', 'changed'] as const;
const pick = (job: SegmentJobDoc) => Object.fromEntries(PASS_FIELDS.map((k) => [k, job[k]])) as Partial<SegmentJobDoc>;
const release = { leaseUntil: 0, leaseId: null, lastError: null };

/**
 * Saves a patch naming a position (the pass's `cursor`, the sweep's `sweepCursor`), then asks
 * whether its customer was erased since this call began (every page is read after `start`): a page
 * read before an erasure and saved after the erasure moved the position off them would otherwise
 * write their openid back (consent/erase-guard.ts).
 */
async function savePosition({ store, start }: Ctx, patch: Partial<SegmentJobDoc>): Promise<void> {
  await store.saveJob(patch);
  await store.positionsSaved?.([patch.cursor, patch.sweepCursor], start);
}

async function fullPass(ctx: Ctx): Promise<RunResult> {
  const { store, model, o, start, job } = ctx;
  const version = model.meta.version;
  if (!job.passId || job.modelVersion !== version) {
    // a new pass (or the model changed mid-pass: counts of two models must not mix)
    const suffix = job.leaseId?.split('-')[1] ?? '0';
    Object.assign(job, { passId: `run-${start}-${suffix}`, cursor: '', passStartedAt: start, modelVersion: version, counts: {}, scored: 0, written: 0, changed: 0 });
    // recorded before the first write: a call killed mid-page is resumed as the SAME pass (its
    // history ids and snapshot id), not restarted as another
    await store.saveJob(pick(job));
  }
  const tally = { scored: 0, written: 0, changed: 0 };
  const result = (status: RunResult['status'], run?: SegmentRunDoc): RunResult => ({ status, kind: 'pass', passId: job.passId, modelVersion: version, ...tally, run });
  for (;;) {
    if (o.now() - start >= o.budgetMs) {
      await savePosition(ctx, { ...pick(job), ...release });
      return result('partial');
    }
    const page = await store.pageProfiles(job.cursor, o.pageSize);
    if (page.length === 0) break;
    const t = await scorePage(page, o.now(), model, store, job.counts, job.passId as string, o.writeConcurrency);
    for (const k of ['scored', 'written', 'changed'] as const) {
      tally[k] += t[k];
      job[k] += t[k];
    }
    job.cursor = page[page.length - 1]._id;
    await savePosition(ctx, pick(job));
  }
  const now = o.now();
  const run = buildRun(job, model.meta, await store.lastRun(), now);
  await store.insertRun(run);
  await store.saveJob({
    passId: null, cursor: '', passStartedAt: null, counts: {}, scored: 0, written: 0, changed: 0, modelVersion: version,
    lastRunId: run._id, lastPassAt: now, dirtySince: (job.passStartedAt ?? now) - CLOCK_MARGIN_MS, sweepStartedAt: null, sweepCursor: '', ...release,
  });
  return { ...result('completed', run), passId: run._id };
}

async function sweep(ctx: Ctx): Promise<RunResult> {
  const { store, model, o, start, job } = ctx;
  const since = job.dirtySince ?? 0;
  if (job.sweepStartedAt === null) {
    Object.assign(job, { sweepStartedAt: start, sweepCursor: '' });
    await store.saveJob({ sweepStartedAt: start, sweepCursor: '' }); // a killed sweep resumes as the same sweep
  }
  const tally = { scored: 0, written: 0, changed: 0 };
  const result = (status: RunResult['status']): RunResult => ({ status, kind: 'sweep', passId: null, modelVersion: model.meta.version, ...tally });
  for (;;) {
    if (o.now() - start >= o.budgetMs) {
      await savePosition(ctx, { sweepStartedAt: job.sweepStartedAt, sweepCursor: job.sweepCursor, ...release });
      return result('partial');
    }
    const page = await store.pageDirty(since, job.sweepCursor, o.pageSize);
    if (page.length === 0) break;
    const t = await scorePage(page, o.now(), model, store, {}, `sweep-${job.sweepStartedAt}`, o.writeConcurrency);
    for (const k of ['scored', 'written', 'changed'] as const) tally[k] += t[k];
    job.sweepCursor = page[page.length - 1]._id;
    await savePosition(ctx, { sweepStartedAt: job.sweepStartedAt, sweepCursor: job.sweepCursor });
  }
  await store.saveJob({ dirtySince: (job.sweepStartedAt as number) - CLOCK_MARGIN_MS, sweepStartedAt: null, sweepCursor: '', ...release });
  return result('swept');
}

/** Run one invocation's share of the job. */
export async function runSegmentJob(store: SegmentStore, loadModel: () => Promise<SegmentationModel>, o: RunOptions): Promise<RunResult> {
  const start = o.now();
  const leaseId = `${start.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const job = await store.acquire(start, start + o.budgetMs + 15_000, leaseId);
  const empty = { passId: null, modelVersion: null, scored: 0, written: 0, changed: 0 };
  if (!job) return { status: 'busy', kind: null, ...empty };
  let model: SegmentationModel;
  try {
    model = await loadModel();
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    await store.saveJob({ ...release, lastError: { at: start, code: 'MODEL_UNAVAILABLE', message } });
    return { status: 'model_unavailable', kind: null, ...empty, passId: job.passId, error: message };
  }
  try {
    const passDue = o.mode === 'full' || job.passId !== null || job.lastPassAt === null || job.modelVersion !== model.meta.version || start - job.lastPassAt >= o.passIntervalMs;
    return await (passDue ? fullPass : sweep)({ store, model, o, start, job: { ...job, leaseId } });
  } catch (err) {
    await store.saveJob({ ...release, lastError: { at: o.now(), code: 'INTERNAL', message: (err as Error)?.message ?? String(err) } });
    throw err;
  }
}
