/**
 * The template-faults record has two writers (the dispatcher, staff's 模板已恢复): changes made at
 * the same time must all land, none written over another.
 */
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { clearTemplateFaults, readTemplateFaults, recordTemplateFault, TEMPLATE_FAULTS_ID } from './template-faults';

const ids = (f: { templateId: string }[]) => f.map((x) => x.templateId).sort();

describe('template faults', () => {
  it('records a refusal once per template, keeping its first time, and clears it', async () => {
    const { db } = memoryDb();
    await recordTemplateFault(db, 'removed', 'tA', 'c1', 1000);
    await recordTemplateFault(db, 'removed', 'tA', 'c2', 2000);
    expect((await readTemplateFaults(db)).removed).toEqual([{ templateId: 'tA', since: 1000, lastSeenAt: 2000, campaignId: 'c2' }]);
    expect(await clearTemplateFaults(db, 'tZ')).toBe(false);
    expect(await clearTemplateFaults(db, 'tA', ['removed'])).toBe(true);
    expect(await readTemplateFaults(db)).toEqual({ banned: [], removed: [] });
  });

  it('loses no change made at the same time (staff clear one mark while the dispatcher records others)', async () => {
    const { db } = memoryDb();
    await recordTemplateFault(db, 'removed', 'tC', 'c0', 1);
    await Promise.all([
      clearTemplateFaults(db, 'tC', ['removed']),
      recordTemplateFault(db, 'removed', 'tA', 'c1', 2),
      recordTemplateFault(db, 'banned', 'tB', 'c2', 3),
      recordTemplateFault(db, 'removed', 'tD', 'c3', 4),
    ]);
    const f = await readTemplateFaults(db);
    expect(ids(f.removed)).toEqual(['tA', 'tD']);
    expect(ids(f.banned)).toEqual(['tB']);
  });

  it('takes over a record written before `rev` existed', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.jobs, [{ _id: TEMPLATE_FAULTS_ID, kind: 'subscribe-template-faults', banned: [], removed: [{ templateId: 'tOld', since: 1, lastSeenAt: 1, campaignId: 'c' }], updatedAt: 1 }]);
    await recordTemplateFault(db, 'banned', 'tB', 'c2', 5);
    expect(await readTemplateFaults(db)).toEqual({
      banned: [{ templateId: 'tB', since: 5, lastSeenAt: 5, campaignId: 'c2', refusals: 1, nextTryAt: 60_005 }],
      removed: [{ templateId: 'tOld', since: 1, lastSeenAt: 1, campaignId: 'c' }],
    });
  });
});
