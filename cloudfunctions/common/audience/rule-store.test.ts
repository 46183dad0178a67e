import { COLLECTIONS } from '../contracts/collections';
import { loseAddAnswers } from '../db/testing/lost-answer';
import { memoryDb, memorySdk } from '../db/testing/memory-sdk';
import { Db } from '../db/wx-db';
import { saveRuleSegment } from './rule-store';

const rule = (min: number) => ({ name: '高消费', include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min }] } });
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

describe('saveRuleSegment', () => {
  it('two staff saving the same version at once: one wins, the other gets CONFLICT, and the history keeps the winner', async () => {
    const { db } = memoryDb();
    const first = await saveRuleSegment(db, 'staff_a', rule(100), 1_000);
    const [a, b] = await Promise.all([
      outcome(saveRuleSegment(db, 'staff_a', { ...rule(200), _id: first._id }, 2_000)),
      outcome(saveRuleSegment(db, 'staff_b', { ...rule(300), _id: first._id }, 2_000)),
    ]);
    expect([a, b].sort()).toEqual(['CONFLICT', 'ok']);
    const current = (await db.getById(COLLECTIONS.ruleSegments, first._id)) as { version: number; include: unknown; updatedBy: string };
    const v2 = (await db.getById(COLLECTIONS.ruleSegmentVersions, `${first._id}@2`)) as { include: unknown; updatedBy: string };
    expect(current.version).toBe(2);
    // The refused save must not have replaced the winner's history record.
    expect([v2.include, v2.updatedBy]).toEqual([current.include, current.updatedBy]);
  });

  it('a version record left by a save that died before updating the rule does not block the next save for ever', async () => {
    const { db } = memoryDb();
    const first = await saveRuleSegment(db, 'staff_a', rule(100), 1_000);
    await db.setById(COLLECTIONS.ruleSegmentVersions, `${first._id}@2`, { ...rule(999), ruleId: first._id, version: 2, updatedAt: 2_000, updatedBy: 'staff_dead' });
    expect(await outcome(saveRuleSegment(db, 'staff_b', { ...rule(300), _id: first._id }, 2_000 + 10_000))).toBe('CONFLICT');
    expect(await outcome(saveRuleSegment(db, 'staff_b', { ...rule(300), _id: first._id }, 2_000 + 120_000))).toBe('ok');
    const v2 = (await db.getById(COLLECTIONS.ruleSegmentVersions, `${first._id}@2`)) as { updatedBy: string };
    expect(v2.updatedBy).toBe('staff_b');
  });

  it('a rule or version record stored though its answer was lost is this save\'s own: the save lands, no CONFLICT', async () => {
    // wx-server-sdk reports a lost answer as -501001, the code a duplicate _id arrives with.
    const sdk = loseAddAnswers(memorySdk(), COLLECTIONS.ruleSegmentVersions, COLLECTIONS.ruleSegments);
    const db = new Db(sdk);
    const first = await saveRuleSegment(db, 'staff_a', rule(100), 1_000);
    expect(await db.getById(COLLECTIONS.ruleSegments, first._id)).toMatchObject({ version: 1 });
    expect(await outcome(saveRuleSegment(db, 'staff_a', { ...rule(200), _id: first._id, version: 1 }, 2_000))).toBe('ok');
    expect(await db.getById(COLLECTIONS.ruleSegments, first._id)).toMatchObject({ version: 2 });
    expect(await db.getById(COLLECTIONS.ruleSegmentVersions, `${first._id}@2`)).toMatchObject({ version: 2, updatedBy: 'staff_a' });
  });

  it("an editor opened at version 1 cannot save over version 2, another staff member's save it never saw", async () => {
    const { db } = memoryDb();
    const first = await saveRuleSegment(db, 'staff_a', rule(100), 1_000);
    expect(first.version).toBe(1);
    await saveRuleSegment(db, 'staff_a', { ...rule(200), _id: first._id, version: 1 }, 2_000);
    expect(await outcome(saveRuleSegment(db, 'staff_b', { ...rule(300), _id: first._id, version: 1 }, 3_000))).toBe('CONFLICT');
    expect(await db.getById(COLLECTIONS.ruleSegments, first._id)).toMatchObject({ version: 2, updatedBy: 'staff_a' });
    expect(await db.getById(COLLECTIONS.ruleSegmentVersions, `${first._id}@3`)).toBeNull();
    // Reloaded at version 2, the save lands as version 3.
    await expect(saveRuleSegment(db, 'staff_b', { ...rule(300), _id: first._id, version: 2 }, 4_000)).resolves.toMatchObject({ version: 3 });
  });
});
