/**
 * The local cloud's check `QX_SORT_MISSING=refuse` (scripts/local-cloud/db/sort-missing.ts), its
 * default, through the real wx-server-sdk: a query or aggregation sorted on a field some matched
 * document lacks (or holds null) is refused, since where such a document sorts is undocumented in
 * CloudBase; 'mongo', asked for here on purpose, answers in MongoDB's order (missing and null lowest).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../scripts/local-cloud';
import { sortMissingRule } from '../../scripts/local-cloud/db/sort-missing';
import { loadSdk, type TestCloud } from '../helpers/local-cloud';
import { startReadingCloud } from '../helpers/reading-cloud';

const seed = [{ _id: 'a', t: 2, k: 'x' }, { _id: 'b', t: 1, k: 'x' }, { _id: 'm', k: 'y' }, { _id: 'n', t: null, k: 'y' }];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

it('the local cloud refuses unless MongoDB order is asked for, by option or QX_SORT_MISSING', () => {
  const env = process.env.QX_SORT_MISSING;
  try {
    delete process.env.QX_SORT_MISSING;
    expect(sortMissingRule({})).toBe('refuse');
    expect(sortMissingRule({ sortMissing: 'mongo' })).toBe('mongo');
    process.env.QX_SORT_MISSING = 'mongo';
    expect(sortMissingRule({})).toBe('mongo');
    expect(sortMissingRule({ sortMissing: 'refuse' })).toBe('refuse');
    process.env.QX_SORT_MISSING = 'nulls-last';
    expect(() => sortMissingRule({})).toThrow('QX_SORT_MISSING must be mongo or refuse');
  } finally {
    if (env === undefined) delete process.env.QX_SORT_MISSING;
    else process.env.QX_SORT_MISSING = env;
  }
});

it('a local cloud started with no option refuses (as npm start and every test cloud start it)', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-sort-default-'));
  const cloud = await startLocalCloud({ dataDir, port: 0 });
  try {
    Object.assign(process.env, cloud.sdkEnv());
    const db = loadSdk('local').database();
    await db.createCollection('plain');
    await db.collection('plain').add({ data: seed });
    await expect(db.collection('plain').orderBy('t', 'asc').get()).rejects.toMatchObject({ errCode: -502001 });
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

describe.each(['refuse', 'mongo'] as const)('orderBy on a field some document lacks (%s)', (rule) => {
  let t: TestCloud;
  let c: Any, _: Any;
  const ids = (res: { data?: Array<{ _id: string }>; list?: Array<{ _id: string }> }) => (res.data ?? res.list ?? []).map((d) => d._id);

  beforeAll(async () => {
    ({ t, c, _ } = await startReadingCloud({ sortMissing: rule }, 'sorted', seed));
  });
  afterAll(() => t.close());

  it('a query whose matched documents all carry the field is answered under both', async () => {
    expect(ids(await c.where({ k: 'x' }).orderBy('t', 'asc').get())).toEqual(['b', 'a']);
    expect(ids(await c.where({ t: _.gt(0) }).orderBy('t', 'desc').get())).toEqual(['a', 'b']);
    expect(ids(await c.aggregate().match({ k: 'x' }).sort({ t: 1 }).limit(10).end())).toEqual(['b', 'a']);
  });

  it('a missing or a null field among the matched documents: refused, or MongoDB order', async () => {
    const missing = c.where({ _id: _.in(['a', 'm']) }).orderBy('t', 'asc').get();
    const nul = c.where({ _id: _.in(['a', 'n']) }).orderBy('t', 'desc').get();
    const agg = c.aggregate().sort({ t: 1, _id: 1 }).limit(10).end();
    if (rule === 'refuse') {
      await expect(missing).rejects.toMatchObject({ errCode: -502001, errMsg: expect.stringContaining("orderBy 't' on sorted") });
      await expect(nul).rejects.toMatchObject({ errCode: -502001 });
      // The SDK's aggregate reports the refusal without the service's code (-1), with its text.
      await expect(agg).rejects.toMatchObject({ errMsg: expect.stringContaining('QX_SORT_MISSING=refuse') });
    } else {
      expect(ids(await missing)).toEqual(['m', 'a']);
      expect(ids(await nul)).toEqual(['a', 'n']);
      expect(ids(await agg)).toEqual(['m', 'n', 'b', 'a']);
    }
  });

  it('the in-process handle (emulator internals) and `_id` sorts are never checked', async () => {
    expect(t.cloud.db.collection('sorted').find({}, { sort: { t: 1, _id: 1 } }).map((d) => d._id)).toEqual(['m', 'n', 'b', 'a']);
    expect(ids(await c.orderBy('_id', 'desc').get())).toEqual(['n', 'm', 'b', 'a']);
  });
});
