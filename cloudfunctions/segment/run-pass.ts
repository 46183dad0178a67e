/**
 * One invocation of the segment job: continue (or start) a full pass over all profiles in `_id`
 * order, a page at a time, until the pass ends or the time budget is spent; the cursor and
 * running counts live in `jobs/segment`, so the next invocation resumes where this one stopped.
 *
 * Every profile is scored each pass, because segments depend on time (a customer who does
 * nothing drifts toward 沉睡); a profile is WRITTEN only when it is dirty (its `rev` moved past
 * `segmentedRev`), its segment or name changed, or the model changed. When the model cannot load,
 * nothing is written — every customer keeps their last good segment — and the error is recorded.
 */
import { computeRawFeatures, FEATURE_SPEC, transformFeature } from '../common/features';
import { toAssignment } from '../common/inference/segmentation-post';
import type { SegmentationModel } from '../common/inference/segmentation';
import type { ProfileDoc } from '../common/profile/types';
import { buildRun } from './snapshot';
import type { SegmentHistoryDoc, SegmentJobDoc, SegmentRunDoc, SegmentStore } from './store';

/** Options of one invocation. */
export interface RunOptions {
  now: () => number;
  /** stop starting new pages after this many ms (the function limit is 60 s) */
  budgetMs: number;
  pageSize: number;
  /** parallel profile writes */
  writeConcurrency: number;
}

/** What one invocation did. */
export interface RunResult {
  status: 'partial' | 'completed' | 'busy' | 'model_unavailable';
  passId: string | null;
  modelVersion: string | null;
  scored: number;
  written: number;
  changed: number;
  cursor: string;
  run?: SegmentRunDoc;
  error?: string;
}

async function inParallel<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Score one page and write what changed; returns per-page tallies. */
async function doPage(page: ProfileDoc[], model: SegmentationModel, job: SegmentJobDoc, store: SegmentStore, o: RunOptions) {
  const asOf = o.now();
  // computeRawFeatures once per profile: the model input is its transform (exactly what
  // computeFeatures returns) and the plain values feed the reasons.
  const raws = page.map((p) => computeRawFeatures(p, asOf));
  const inputs = raws.map((r) => FEATURE_SPEC.features.map((f) => transformFeature(f, r[f.name])));
  const { segment } = await model.score(inputs);
  const history: SegmentHistoryDoc[] = [];
  const writes: Array<() => Promise<void>> = [];
  let written = 0;
  page.forEach((p, i) => {
    const raw = FEATURE_SPEC.features.map((f) => raws[i][f.name] ?? NaN);
    const a = toAssignment(model.meta, segment[i], inputs[i], raw);
    const key = String(a.segment);
    job.counts[key] = (job.counts[key] ?? 0) + 1;
    const rev = typeof p.rev === 'number' ? p.rev : undefined;
    const changed = p.segment !== a.segment;
    const dirty = changed || p.segmentName !== a.segmentName || p.modelVersion !== model.meta.version || p.segmentedRev !== (rev ?? null);
    if (!dirty) return;
    writes.push(async () => {
      const ok = await store.writeSegment(p._id, rev, { ...a, segmentedRev: rev ?? null, modelVersion: model.meta.version });
      if (!ok) return; // the profile moved on meanwhile: still dirty, the next pass takes it
      written++;
      if (changed) {
        const prev = typeof p.segment === 'number' ? p.segment : null;
        history.push({ openid: p._id, from: prev, fromName: (p.segmentName as string | undefined) ?? null, to: a.segment, toName: a.segmentName, at: asOf, modelVersion: model.meta.version, passId: job.passId as string });
      }
    });
  });
  await inParallel(writes, o.writeConcurrency, (w) => w());
  await store.appendHistory(history);
  return { scored: page.length, written, changed: history.length };
}

/** Run one invocation's share of the job. */
export async function runSegmentJob(store: SegmentStore, loadModel: () => Promise<SegmentationModel>, o: RunOptions): Promise<RunResult> {
  const start = o.now();
  const leaseId = `${start.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const job = await store.acquire(start, start + o.budgetMs + 15_000, leaseId);
  if (!job) return { status: 'busy', passId: null, modelVersion: null, scored: 0, written: 0, changed: 0, cursor: '' };
  const tally = { scored: 0, written: 0, changed: 0 };
  let model: SegmentationModel;
  try {
    model = await loadModel();
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    await store.saveJob({ lastError: { at: start, code: 'MODEL_UNAVAILABLE', message }, leaseUntil: 0, leaseId: null });
    return { status: 'model_unavailable', passId: job.passId, modelVersion: null, ...tally, cursor: job.cursor, error: message };
  }
  try {
    if (!job.passId || job.modelVersion !== model.meta.version) {
      // a new pass (or the model changed mid-pass: counts of two models must not mix)
      Object.assign(job, { passId: `run-${start}-${leaseId.split('-')[1]}`, cursor: '', passStartedAt: start, modelVersion: model.meta.version, counts: {}, scored: 0, written: 0, changed: 0 });
    }
    for (;;) {
      if (o.now() - start >= o.budgetMs) {
        await store.saveJob({ ...pick(job), leaseUntil: 0, leaseId: null, lastError: null });
        return { status: 'partial', passId: job.passId, modelVersion: model.meta.version, ...tally, cursor: job.cursor };
      }
      const page = await store.pageProfiles(job.cursor, o.pageSize);
      if (page.length === 0) break;
      const t = await doPage(page, model, job, store, o);
      tally.scored += t.scored;
      tally.written += t.written;
      tally.changed += t.changed;
      job.scored += t.scored;
      job.written += t.written;
      job.changed += t.changed;
      job.cursor = page[page.length - 1]._id;
      await store.saveJob(pick(job));
    }
    const run = buildRun(job, model.meta, await store.lastRun(), o.now());
    await store.insertRun(run);
    await store.saveJob({ passId: null, cursor: '', passStartedAt: null, counts: {}, scored: 0, written: 0, changed: 0, modelVersion: model.meta.version, lastRunId: run._id, leaseUntil: 0, leaseId: null, lastError: null });
    return { status: 'completed', passId: run._id, modelVersion: model.meta.version, ...tally, cursor: '', run };
  } catch (err) {
    await store.saveJob({ lastError: { at: o.now(), code: 'INTERNAL', message: (err as Error)?.message ?? String(err) }, leaseUntil: 0, leaseId: null });
    throw err;
  }
}

function pick(job: SegmentJobDoc): Partial<SegmentJobDoc> {
  const { passId, cursor, passStartedAt, modelVersion, counts, scored, written, changed } = job;
  return { passId, cursor, passStartedAt, modelVersion, counts, scored, written, changed };
}
