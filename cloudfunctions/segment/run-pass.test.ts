/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import { ModelLoadError } from '../common/inference/errors';
import { getSegmentationModel } from '../common/inference/segmentation';
import { computeRawFeatures, FEATURE_NAMES } from '../common/features';
import { buyerProfile } from '../../test/helpers/profiles';
import type { ProfileDoc } from '../common/profile/types';
import { memoryStore } from './memory-store.test-helper';
import { runSegmentJob, type RunOptions } from './run-pass';

const NOW = Date.UTC(2026, 0, 15);

const profile = (id: string, buysDaysAgo: number[], fen = 20000): ProfileDoc =>
  buyerProfile(id, NOW, buysDaysAgo, { fen, productId: 'p', categoryId: 'c' });

const people = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? profile(`u${String(i).padStart(3, '0')}`, [1, 5, 12, 30, 60]) : profile(`u${String(i).padStart(3, '0')}`, [390], 900)));

/** A clock that moves 1 ms per read, so budgets are deterministic. */
function opts(over: Partial<RunOptions> = {}): RunOptions {
  let t = NOW;
  return { now: () => t++, budgetMs: 10_000, pageSize: 7, writeConcurrency: 3, mode: 'timer', passIntervalMs: 3_600_000, ...over };
}

describe('segment job', () => {
  it('scores every profile, writes fields, appends history and snapshots the run', async () => {
    const s = memoryStore(people(20));
    const r = await runSegmentJob(s, getSegmentationModel, opts());
    expect(r.status).toBe('completed');
    expect(r.scored).toBe(20);
    expect(s.writes).toBe(20);
    expect(s.history).toHaveLength(20);
    const p = s.profiles.get('u001')!;
    expect(typeof p.segment).toBe('number');
    expect(p.segmentName).toBeTruthy();
    expect((p.segmentReasons as string[]).length).toBeGreaterThan(0);
    expect(p.segmentedRev).toBe(1);
    // the raw values the model scored, by name in feature-spec order
    const f = p.features as Record<string, number | null>;
    expect(Object.keys(f)).toEqual(FEATURE_NAMES);
    const raw = computeRawFeatures(people(20)[1], p.featuresAt as number);
    expect(f.recency_days).toBeCloseTo(raw.recency_days as number, 3);
    expect(f.frequency_365d).toBe(5);
    expect(f.monetary_365d).toBe(1000);
    expect(f.sentiment_mean).toBeNull(); // no reviews: missing, not the model's fill value
    expect(s.profiles.get('u000')!.features).toMatchObject({ frequency_365d: 0, recency_days: expect.closeTo(390, 2) });
    expect(s.profiles.get('u000')!.segment).not.toBe(p.segment);
    expect(s.runs).toHaveLength(1);
    expect(s.runs[0].total).toBe(20);
    expect(s.runs[0].psi).toBeNull();
    expect(s.job!.passId).toBeNull();
  });

  it('a second (staff) full pass writes only dirty profiles; PSI is 0 when nothing moved', async () => {
    const s = memoryStore(people(10));
    await runSegmentJob(s, getSegmentationModel, opts());
    s.writes = 0;
    s.profiles.get('u003')!.rev = 2; // the track function touched this profile
    const r = await runSegmentJob(s, getSegmentationModel, opts({ mode: 'full' }));
    expect(r.status).toBe('completed');
    expect(r.kind).toBe('pass');
    expect(s.writes).toBe(1);
    expect(s.history).toHaveLength(10); // no segment changed
    expect(s.runs[1].psi).toBeCloseTo(0, 12);
    expect(s.runs[1].psiLevel).toBe('stable');
    expect(s.runs[1].previousRunId).toBe(s.runs[0]._id);
  });

  it('rewrites stored features once they are a day old, not on every pass', async () => {
    const s = memoryStore(people(6));
    await runSegmentJob(s, getSegmentationModel, opts());
    const at0 = s.profiles.get('u001')!.featuresAt as number;
    s.writes = 0;
    const clock = (t0: number) => { let t = t0; return () => t++; };
    await runSegmentJob(s, getSegmentationModel, opts({ mode: 'full', now: clock(NOW + 6 * 3_600_000) }));
    expect(s.writes).toBe(0); // day counts moved with the clock only
    expect(s.profiles.get('u001')!.featuresAt).toBe(at0);
    await runSegmentJob(s, getSegmentationModel, opts({ mode: 'full', now: clock(NOW + 86_400_000 + 1000) }));
    expect(s.writes).toBe(6);
    const f = s.profiles.get('u001')!.features as Record<string, number>;
    expect(f.recency_days).toBeCloseTo(2, 2); // bought 1 day before NOW, scored a day later
    expect(s.profiles.get('u001')!.featuresAt).toBeGreaterThan(at0);
  });

  it('between full passes, timer calls sweep only profiles updated since the watermark', async () => {
    const s = memoryStore(people(10));
    await runSegmentJob(s, getSegmentationModel, opts());
    s.writes = 0;
    const touched = s.profiles.get('u004')!;
    touched.rev = 2;
    touched.updatedAt = new Date(NOW + 60_000); // after the pass started
    const r = await runSegmentJob(s, getSegmentationModel, opts({ now: (() => { let t = NOW + 120_000; return () => t++; })() }));
    expect(r).toMatchObject({ status: 'swept', kind: 'sweep', scored: 1, written: 1 });
    expect(s.profiles.get('u004')!.segmentedRev).toBe(2);
    expect(s.runs).toHaveLength(1); // sweeps leave no snapshot
    expect(s.job!.dirtySince).toBeGreaterThan(NOW + 60_000 - 10_000);
    const again = await runSegmentJob(s, getSegmentationModel, opts({ now: (() => { let t = NOW + 300_000; return () => t++; })() }));
    expect(again).toMatchObject({ status: 'swept', scored: 0, written: 0 });
    const due = await runSegmentJob(s, getSegmentationModel, opts({ now: (() => { let t = NOW + 2 * 3_600_000; return () => t++; })() }));
    expect(due).toMatchObject({ status: 'completed', kind: 'pass', scored: 10 });
    expect(s.runs).toHaveLength(2);
  });

  it('stops at the time budget and resumes from the cursor in the job', async () => {
    const s = memoryStore(people(30));
    let t = NOW;
    // each clock read advances 1 ms; a budget of 4 ms allows a couple of pages per call
    const o = opts({ now: () => t++, budgetMs: 4, pageSize: 5 });
    const first = await runSegmentJob(s, getSegmentationModel, o);
    expect(first.status).toBe('partial');
    expect(first.scored).toBeGreaterThan(0);
    expect(first.scored).toBeLessThan(30);
    expect(s.job!.cursor).toBe([...s.profiles.keys()].sort()[first.scored - 1]);
    let calls = 1;
    let last = first;
    while (last.status !== 'completed' && calls < 20) {
      last = await runSegmentJob(s, getSegmentationModel, { ...o, now: () => t++ }); // a pass in progress continues
      calls++;
    }
    expect(last.status).toBe('completed');
    expect(calls).toBeGreaterThan(1);
    expect(s.runs[0].total).toBe(30);
    expect(s.writes).toBe(30);
  });

  it.each([
    [2, ''],
    [7, 'u004'],
  ])('a call that dies mid-page (after %i writes) is resumed as the same pass: one history entry per change, one snapshot', async (writes, cursor) => {
    const s = memoryStore(people(12));
    const write = s.writeSegment;
    let left = writes; // the "instance" dies during the first or second page of 5
    s.writeSegment = async (...a) => {
      if (left-- <= 0) throw new Error('SIGKILL');
      return write(...a);
    };
    await expect(runSegmentJob(s, getSegmentationModel, opts({ pageSize: 5 }))).rejects.toThrow('SIGKILL');
    const passId = s.job!.passId;
    expect(passId).toMatch(/^run-/);
    expect(s.job!.cursor).toBe(cursor);
    s.writeSegment = write;
    s.job!.leaseUntil = 0; // the dead call's lease expired
    const r = await runSegmentJob(s, getSegmentationModel, opts({ pageSize: 5 }));
    expect(r).toMatchObject({ status: 'completed', passId });
    expect(s.history.map((h) => h.openid).sort()).toEqual([...s.profiles.keys()].sort());
    expect(new Set(s.history.map((h) => h._id)).size).toBe(12);
    expect(s.history.every((h) => h.passId === passId && h.from === null)).toBe(true);
    expect(s.runs).toHaveLength(1);
    expect(s.runs[0]).toMatchObject({ _id: passId, total: 12 });
  });

  it('drops the history entry of a change whose profile write lost the race', async () => {
    const s = memoryStore(people(4));
    const write = s.writeSegment;
    s.writeSegment = async (id, ...a) => (id === 'u002' ? false : write(id, ...a)); // rev moved on
    const r = await runSegmentJob(s, getSegmentationModel, opts());
    expect(r).toMatchObject({ status: 'completed', written: 3, changed: 3 });
    expect(s.history.map((h) => h.openid).sort()).toEqual(['u000', 'u001', 'u003']);
  });

  it('refuses a second concurrent invocation while the lease is held', async () => {
    const s = memoryStore(people(3));
    s.job = { ...(await s.acquire(NOW, NOW + 60_000, 'other'))! };
    const r = await runSegmentJob(s, getSegmentationModel, opts());
    expect(r.status).toBe('busy');
    expect(s.writes).toBe(0);
  });

  it('when the model cannot load, keeps every last good segment and records the error', async () => {
    const s = memoryStore(people(4));
    await runSegmentJob(s, getSegmentationModel, opts());
    const before = [...s.profiles.values()].map((p) => [p.segment, p.segmentName]);
    s.profiles.forEach((p) => (p.rev = 5));
    const r = await runSegmentJob(s, () => Promise.reject(new ModelLoadError('segmentation', 'session_failed', 'model.onnx is corrupt')), opts());
    expect(r.status).toBe('model_unavailable');
    expect(r.error).toContain('corrupt');
    expect([...s.profiles.values()].map((p) => [p.segment, p.segmentName])).toEqual(before);
    expect(s.job!.lastError).toMatchObject({ code: 'MODEL_UNAVAILABLE', message: 'model "segmentation": model.onnx is corrupt' });
    expect(s.job!.leaseUntil).toBe(0);
  });
});
