/**
 * The sort-missing check on aggregation `$sort` stages after other stages (sort-missing.ts
 * runCheckingSorts): a `$sort` on a group key some grouped document lacks is refused under
 * 'refuse', and a pipeline cut at its sorts answers what the whole pipeline answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Doc } from './ejson';
import { DbEngine } from './engine';
import type { SortMissingRule } from './sort-missing';

let dir: string;
const engines: DbEngine[] = [];
const open = async (sortMissing: SortMissingRule): Promise<DbEngine> => {
  const e = DbEngine.open(path.join(dir, sortMissing), { resultOrder: 'natural', sortMissing });
  engines.push(e);
  await e.addCollection('p');
  await e.insert('p', [
    { _id: 'a', seg: 1, w: 3, tags: ['x', 'y'] },
    { _id: 'b', seg: 2, w: 5, tags: ['x'] },
    { _id: 'c', seg: 1, w: 1, tags: ['y'] },
    { _id: 'n', w: 4, tags: ['x'] }, // not segmented yet: no `seg`
  ]);
  return e;
};
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-sort-missing-'));
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bySegment: Doc[] = [{ $group: { _id: { s: '$seg' }, w: { $sum: '$w' } } }, { $sort: { w: -1, '_id.s': 1 } }];

it('a $sort after $group on a key some grouped document lacks: refused, naming the stage', async () => {
  const refuse = await open('refuse');
  expect(() => refuse.aggregate('p', bySegment)).toThrow(expect.objectContaining({ code: 'DATABASE_REQUEST_FAILED' }));
  expect(() => refuse.aggregate('p', bySegment)).toThrow("[QX_SORT_MISSING=refuse] $sort '_id.s' (stage 2 of the pipeline) on p");
  // After a leading $match the stage number counts it too.
  expect(() => refuse.aggregate('p', [{ $match: { w: { $gt: 0 } } }, ...bySegment])).toThrow('(stage 3 of the pipeline)');
  // MongoDB's order without the check: the missing key sorts lowest.
  const mongo = await open('mongo');
  expect(mongo.aggregate('p', bySegment)).toEqual([{ _id: { s: 2 }, w: 5 }, { _id: {}, w: 4 }, { _id: { s: 1 }, w: 4 }]);
});

it("a group's `_id` is checked after $group (null when the grouped field is missing); a stored `_id` never is", async () => {
  const e = await open('refuse');
  expect(() => e.aggregate('p', [{ $group: { _id: '$seg', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])).toThrow("$sort '_id'");
  expect(e.aggregate('p', [{ $match: { seg: { $exists: true } } }, { $group: { _id: '$seg', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])).toEqual([
    { _id: 1, n: 2 },
    { _id: 2, n: 1 },
  ]);
  expect(e.aggregate('p', [{ $sort: { _id: -1 } }, { $limit: 2 }]).map((d) => d._id)).toEqual(['n', 'c']);
});

it('a pipeline cut at its sorts answers what it answers whole', async () => {
  const pipeline: Doc[] = [
    { $match: { seg: { $exists: true } } },
    { $unwind: '$tags' },
    { $group: { _id: { s: '$seg', t: '$tags' }, w: { $sum: '$w' } } },
    { $sort: { w: -1, '_id.s': 1, '_id.t': 1 } },
    { $limit: 3 },
    { $project: { _id: 0, key: { $concat: ['$_id.t', '-'] }, w: 1 } },
    { $sort: { key: 1, w: 1 } },
  ];
  const checked = (await open('refuse')).aggregate('p', pipeline);
  expect(checked).toEqual((await open('mongo')).aggregate('p', pipeline));
  expect(checked).toEqual([
    { w: 3, key: 'x-' },
    { w: 5, key: 'x-' },
    { w: 4, key: 'y-' },
  ]);
});

it('the in-process handle (natural reads) is not checked', async () => {
  const e = await open('refuse');
  expect(e.aggregate('p', bySegment, true)).toHaveLength(3);
});
