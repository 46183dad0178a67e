import { COLLECTIONS } from '../contracts/collections';
import { storedKeys } from '../db/stored-keys';
import { memoryDb } from '../db/testing/memory-sdk';
import { purgeEndedRunArtifacts } from './purge-artifacts';

const T0 = Date.UTC(2026, 11, 5);

describe('purgeEndedRunArtifacts', () => {
  it('deletes the files of ended runs matching, with a read position kept in the state; running runs keep theirs', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.jobRuns, [
      { _id: 'seg@1', kind: 'refit:segmentation', status: 'succeeded', createdAt: T0, artifacts: { a: 'f1', b: 'f2' }, state: { read: { after: 'zz_u9', rows: 9 } } },
      { _id: 'val@1', kind: 'refit:value', status: 'failed', createdAt: T0, artifacts: { c: 'f3' }, state: { chunks: 1 } },
      { _id: 'val@2', kind: 'refit:value', status: 'running', createdAt: T0, artifacts: { d: 'f4' }, state: {} },
      { _id: 'val@3', kind: 'refit:value', status: 'succeeded', createdAt: T0 + 10, artifacts: { e: 'f5' }, state: {} },
    ]);
    const removed: string[] = [];
    const r = await purgeEndedRunArtifacts(db, { remove: async (ids) => void removed.push(...ids) }, { createdAt: db._.lte(T0) }, { now: () => T0 + 100, deadline: T0 + 10_000 });
    expect(r).toEqual({ artifactsDeleted: 3, done: true });
    expect(removed.sort()).toEqual(['f1', 'f2', 'f3']);
    expect(await db.getById(COLLECTIONS.jobRuns, 'seg@1')).toMatchObject({ artifacts: {}, artifactsPurgedAt: T0 + 100, state: { read: { after: '', rows: 9 } } });
    expect((await db.getById(COLLECTIONS.jobRuns, 'val@1'))?.state).toEqual({ chunks: 1 });
    expect(await db.getById(COLLECTIONS.jobRuns, 'val@2')).toMatchObject({ artifacts: { d: 'f4' } });
    expect(await db.getById(COLLECTIONS.jobRuns, 'val@3')).toMatchObject({ artifacts: { e: 'f5' } });
  });

  it('deletes the file of an artifact whose name was too long to keep in its key (stored as {n, v})', async () => {
    const { db } = memoryDb();
    const artifacts = storedKeys({ 'histories-0.json.gz': 'f1', 'bt-inputs-of-a-long-running-refit-0.json.gz': 'f2' });
    expect(Object.values(artifacts)).toContainEqual({ n: 'bt-inputs-of-a-long-running-refit-0.json.gz', v: 'f2' });
    await db.insert(COLLECTIONS.jobRuns, [{ _id: 'val@1', kind: 'refit:value', status: 'succeeded', createdAt: T0, artifacts, state: {} }]);
    const removed: string[] = [];
    await purgeEndedRunArtifacts(db, { remove: async (ids) => void removed.push(...ids) }, {}, { now: () => T0 + 100, deadline: T0 + 10_000 });
    expect(removed.sort()).toEqual(['f1', 'f2']);
  });
});
