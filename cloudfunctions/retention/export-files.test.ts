import { exportNames, exportPath } from '../common/admin/export-names';
import { COLLECTIONS } from '../common/contracts/collections';
import { memoryDb } from '../common/db/testing/memory-sdk';
import { memoryModelFiles } from '../common/model-store/memory-ports';
import { purgeExportFiles } from './export-files';
import { EXPORT_FILE_MS } from './policies';

const NOW = Date.UTC(2026, 11, 6, 3);

it("deletes export files whose link has long expired (and those from before exports recorded their time), keeps a recent one's", async () => {
  const { db } = memoryDb();
  const files = memoryModelFiles();
  const id = async (rule: string) => files.upload(`exports/rule-segments/${rule}.csv`, Buffer.from('x'));
  await db.insert(COLLECTIONS.ruleSegments, [
    { _id: 'rule_old', name: '旧', version: 1, exportFileId: await id('rule_old'), exportedAt: NOW - EXPORT_FILE_MS - 1 },
    { _id: 'rule_legacy', name: '更旧', version: 1, exportFileId: await id('rule_legacy') },
    { _id: 'rule_new', name: '新', version: 1, exportFileId: await id('rule_new'), exportedAt: NOW - 60_000 },
    { _id: 'rule_none', name: '未导出', version: 1 },
  ]);
  expect(await purgeExportFiles({ db, files, now: () => NOW, deadline: Infinity })).toEqual({ exportFilesDeleted: 2 });
  expect([...files.blobs.keys()]).toEqual([await files.idOf('exports/rule-segments/rule_new.csv')]);
  // The names stay: the same path is deleted again tolerantly, as an erasure does.
  expect(await db.getById(COLLECTIONS.ruleSegments, 'rule_old')).toMatchObject({ exportFileId: await files.idOf('exports/rule-segments/rule_old.csv') });
});

it('pages through every rule with an export, past 1,000 of them, and a later pass skips the files it deleted', async () => {
  const { db } = memoryDb();
  const files = memoryModelFiles();
  const n = 1005;
  const rules = [];
  for (let i = 0; i < n; i++) {
    const rule = `rule_${String(i).padStart(4, '0')}`;
    rules.push({ _id: rule, name: rule, version: 1, exportFileId: await files.upload(`exports/rule-segments/${rule}.csv`, Buffer.from('x')), exportedAt: NOW - EXPORT_FILE_MS - 1 });
  }
  for (let i = 0; i < n; i += 500) await db.insert(COLLECTIONS.ruleSegments, rules.slice(i, i + 500));
  const pass = { db, files, now: () => NOW, deadline: Infinity };
  expect(await purgeExportFiles(pass)).toEqual({ exportFilesDeleted: n });
  expect(files.blobs.size).toBe(0);
  expect(await purgeExportFiles(pass)).toEqual({ exportFilesDeleted: 0 });
  // Every name stays (an erasure deletes them again tolerantly), and no purge lease is left.
  const last = await db.getById(COLLECTIONS.ruleSegments, rules[n - 1]._id);
  expect(last).toMatchObject({ exportFileId: rules[n - 1].exportFileId, exportPurged: true });
  expect(last).not.toHaveProperty('exportPurgeUntil');
});

it("deletes each export's own file once its link has long expired, then drops its name; keeps a recent one and its name", async () => {
  const { db } = memoryDb();
  const files = memoryModelFiles();
  const own = async (id: string, at: number) => ({ fileID: await files.upload(exportPath('rule_a', id), Buffer.from(id)), at });
  const [expired, recent] = [await own('e1', NOW - EXPORT_FILE_MS - 1), await own('e2', NOW - 60_000)];
  await db.insert(COLLECTIONS.ruleSegments, [{ _id: 'rule_a', name: '甲', version: 1, exportFiles: { e1: expired, e2: recent } }]);
  expect(await purgeExportFiles({ db, files, now: () => NOW, deadline: Infinity })).toEqual({ exportFilesDeleted: 1 });
  expect([...files.blobs.keys()]).toEqual([recent.fileID]);
  // Nothing else writes that path, so the name goes once its file is gone.
  expect(exportNames(await db.getById(COLLECTIONS.ruleSegments, 'rule_a'))).toEqual([['e2', recent]]);
  expect(await purgeExportFiles({ db, files, now: () => NOW, deadline: Infinity })).toEqual({ exportFilesDeleted: 0 });
});
