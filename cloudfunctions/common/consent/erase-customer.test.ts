/**
 * Staff's rule-segment CSV files in cloud storage list members' masked ids and the reasons each
 * matches (their own figures): an erasure deletes them too; the next export writes a new one.
 * (That an export records its file on the rule: test/integration/export-size.test.ts.)
 */
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { eraseCustomerData } from './erase-customer';

const T0 = Date.UTC(2026, 11, 5, 12);

it('deletes the rule-segment export files that may list the customer', async () => {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.profiles, [{ _id: 'u1', openid: 'u1', rev: 1, d: {} }]);
  await db.insert(COLLECTIONS.ruleSegments, [
    { _id: 'rule_a', name: '高消费', version: 1, exportFileId: 'cloud://env/exports/rule-segments/rule_a.csv' },
    { _id: 'rule_b', name: '沉睡', version: 3 },
  ]);
  const stored = new Set(['cloud://env/exports/rule-segments/rule_a.csv', 'cloud://env/models/keep.onnx']);
  const files = { remove: async (ids: string[]) => void ids.forEach((id) => stored.delete(id)) };
  const counts = await eraseCustomerData({ db, files, openid: 'u1', now: () => T0 });
  expect([...stored]).toEqual(['cloud://env/models/keep.onnx']);
  expect(counts.exports).toBe(1);
  // The name stays (an export may have named the same file for an upload still to come): the
  // next erasure deletes that path again, tolerating a missing file.
  expect(await db.getById(COLLECTIONS.ruleSegments, 'rule_a')).toMatchObject({ exportFileId: 'cloud://env/exports/rule-segments/rule_a.csv' });
});

it("deletes every export's own file, and the single-path file of a rule exported before; the names stay", async () => {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.profiles, [{ _id: 'u1', openid: 'u1', rev: 1, d: {} }]);
  const own = (id: string) => ({ fileID: `cloud://env/exports/rule-segments/rule_a/${id}.csv`, at: T0 - 1000 });
  await db.insert(COLLECTIONS.ruleSegments, [
    { _id: 'rule_a', name: '高消费', version: 1, exportFileId: 'cloud://env/exports/rule-segments/rule_a.csv', exportFiles: { e1: own('e1'), e2: own('e2') } },
    { _id: 'rule_b', name: '沉睡', version: 3, exportFiles: { e3: { ...own('e3'), fileID: 'cloud://env/exports/rule-segments/rule_b/e3.csv' } } },
  ]);
  const stored = new Set(['cloud://env/exports/rule-segments/rule_a.csv', own('e1').fileID, own('e2').fileID, 'cloud://env/exports/rule-segments/rule_b/e3.csv', 'cloud://env/models/keep.onnx']);
  const files = { remove: async (ids: string[]) => void ids.forEach((id) => stored.delete(id)) };
  const counts = await eraseCustomerData({ db, files, openid: 'u1', now: () => T0 });
  expect([...stored]).toEqual(['cloud://env/models/keep.onnx']);
  expect(counts.exports).toBe(4);
  expect(await db.getById(COLLECTIONS.ruleSegments, 'rule_a')).toMatchObject({ exportFiles: { e1: own('e1'), e2: own('e2') } });
});

it("marks each export's name void before deleting its file (staff's list says why the link is dead), keeps an earlier mark, and writes no mark back for a name dropped meanwhile", async () => {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.profiles, [{ _id: 'u1', openid: 'u1', rev: 1, d: {} }]);
  const own = (id: string, extra = {}) => ({ fileID: `cloud://env/exports/rule-segments/rule_a/${id}.csv`, at: T0 - 1000, ...extra });
  await db.insert(COLLECTIONS.ruleSegments, [{ _id: 'rule_a', name: '高消费', version: 1, exportFiles: { e1: own('e1'), e2: own('e2', { voidedAt: T0 - 500 }), e3: own('e3') } }]);
  const stored = new Set([own('e1').fileID, own('e3').fileID]);
  const seenAtRemoval: unknown[] = [];
  const files = {
    remove: async (ids: string[]) => {
      seenAtRemoval.push((await db.getById(COLLECTIONS.ruleSegments, 'rule_a'))?.exportFiles);
      ids.forEach((id) => stored.delete(id));
    },
  };
  // Retention drops e3's name after the erasure read the rule (its file is already gone).
  const read = db.findAll.bind(db);
  jest.spyOn(db, 'findAll').mockImplementation(async (...args: Parameters<typeof db.findAll>) => {
    const out = await read(...args);
    if (args[0] === COLLECTIONS.ruleSegments) await db.updateById(COLLECTIONS.ruleSegments, 'rule_a', { 'exportFiles.e3': db._.remove() });
    return out;
  });
  await eraseCustomerData({ db, files, openid: 'u1', now: () => T0 });
  const marked = { e1: own('e1', { voidedAt: T0 }), e2: own('e2', { voidedAt: T0 - 500 }) };
  expect(seenAtRemoval).toEqual([marked]);
  expect((await db.getById(COLLECTIONS.ruleSegments, 'rule_a'))?.exportFiles).toEqual(marked);
  expect([...stored]).toEqual([]);
});

it('finds every rule with an export file, past 1,000 of them', async () => {
  const { db } = memoryDb();
  await db.insert(COLLECTIONS.profiles, [{ _id: 'u1', openid: 'u1', rev: 1, d: {} }]);
  const n = 1005;
  const rules = Array.from({ length: n }, (_, i) => ({ _id: `rule_${String(i).padStart(4, '0')}`, name: `r${i}`, version: 1, exportFileId: `cloud://env/exports/rule-segments/r${i}.csv` }));
  for (let i = 0; i < n; i += 500) await db.insert(COLLECTIONS.ruleSegments, rules.slice(i, i + 500));
  const stored = new Set(rules.map((r) => r.exportFileId));
  const files = { remove: async (ids: string[]) => void ids.forEach((id) => stored.delete(id)) };
  const counts = await eraseCustomerData({ db, files, openid: 'u1', now: () => T0 });
  expect(stored.size).toBe(0);
  expect(counts.exports).toBe(n);
});
