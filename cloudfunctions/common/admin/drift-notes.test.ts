import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { driftNotes } from './drift-notes';
import { overview } from './overview';
import type { RunPoint } from './segment-runs';
import { buildRun } from '../../segment/snapshot';
import type { SegmentJobDoc, SegmentRunDoc } from '../../segment/store';
import type { SegmentationMeta } from '../segments/meta';

const run = (at: number, psi: number | null, modelVersion: string): RunPoint => ({ at, psi, modelVersion, distribution: {} });

describe('概览 分布漂移', () => {
  it('says drift within one model version, and what a new version did when one went live', () => {
    const notes = driftNotes([run(1, null, 'v1'), run(2, 0.15, 'v1'), run(3, 0.4, 'v1'), run(4, 10.79, 'v2'), run(5, 0.01, 'v2')]);
    expect(notes.map((n) => [n.at, n.level])).toEqual([
      [2, 'moderate'],
      [3, 'large'],
      [4, 'large'],
    ]);
    expect(notes[0].message).toBe('分群分布有一定变化（分布变化指数 0.15）');
    expect(notes[1].message).toBe('分群分布变化显著（分布变化指数 0.40），建议复核模型');
    // The run right after a new version: not "建议复核模型" for the model the guard just approved.
    expect(notes[2].message).toMatch(/^分群模型换为新版本 v2，全部客户按新分群重新归类（分布变化指数 10\.79）/);
    expect(notes[2].message).not.toContain('建议复核模型');
  });

  it('keeps the last five', () => {
    const runs = Array.from({ length: 9 }, (_, i) => run(i, 0.3, 'v1'));
    expect(driftNotes(runs).map((n) => n.at)).toEqual([4, 5, 6, 7, 8]);
  });
});

describe('概览 through overview()', () => {
  it('does not tell staff to review the model the guard just put live', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.segmentRuns, [
      { _id: 'r1', finishedAt: 1_000, counts: { 1: 50, 2: 50 }, psi: null, modelVersion: 'v1' },
      { _id: 'r2', finishedAt: 2_000, counts: { 7: 60, 8: 40 }, psi: 10.79, modelVersion: 'v2' },
    ]);
    const o = await overview(db, 3_000);
    expect(o.drift).toHaveLength(1);
    expect(o.drift[0].message).not.toContain('建议复核模型');
    expect(o.drift[0].message).toContain('分群模型换为新版本 v2');
  });

  // The first pass after 9f79b65 moved every customer without an order out of the buyer segment the
  // model had put them in, under the same model version: 分群分布变化显著…建议复核模型 blamed the model.
  it('says a pass that first put non-buyers in their own group moved customers by rule, not drift', async () => {
    const meta = { version: 'v1', segments: [1, 2].map((id) => ({ id, name: `分群${id}` })) } as unknown as SegmentationMeta;
    const old = { _id: 'r1', finishedAt: 1_000, total: 100, counts: { 1: 50, 2: 50 }, psi: null, modelVersion: 'v1' } as unknown as SegmentRunDoc;
    const job = { passId: 'r2', counts: { 0: 40, 1: 30, 2: 30 } } as unknown as SegmentJobDoc;
    const first = buildRun(job, meta, old, 2_000);
    expect(first).toMatchObject({ nonBuyerGroup: true, ruleChanged: true, psiLevel: 'large' });
    // the pass after it compares like with like
    const next = buildRun({ ...job, passId: 'r3' }, meta, first, 3_000);
    expect(next.ruleChanged).toBeUndefined();
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.segmentRuns, [old, first, next] as never);
    const o = await overview(db, 4_000);
    expect(o.drift).toHaveLength(1);
    expect(o.drift[0].message).toMatch(/^分群规则调整：还没有在本店下过单的客户单独成组「未下单访客」/);
    expect(o.drift[0].message).not.toContain('建议复核模型');
  });
});
