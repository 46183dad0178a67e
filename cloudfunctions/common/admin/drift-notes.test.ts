import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { driftNotes } from './drift-notes';
import { overview } from './overview';
import type { RunPoint } from './segment-runs';

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
});
