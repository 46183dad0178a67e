import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decode } from './ejson';
import { DbEngine } from './engine';
import { valuesAtPath } from './indexes';

let dir: string;
let engine: DbEngine;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-engine-'));
  // Natural order: these tests compare answers element by element (result-order.test.ts covers the strict order).
  engine = DbEngine.open(dir, { resultOrder: 'natural' });
  await engine.addCollection('c'); // strict by default, like CloudBase
});
afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('rolls the mirror back when the LMDB commit fails', async () => {
  await engine.insert('c', [{ _id: 'a', n: 1 }]);
  const commit = jest.spyOn(engine.store, 'commit').mockRejectedValueOnce(new Error('disk full'));
  await expect(engine.update('c', { _id: 'a' }, { $inc: { n: 1 } })).rejects.toThrow('disk full');
  await expect(engine.insert('c', [{ _id: 'b' }])).resolves.toEqual(['b']); // next commit works
  commit.mockRestore();
  expect(engine.get('c', 'a')).toEqual({ _id: 'a', n: 1 });
});

it('decodes EJSON numbers, dates, regexps and server dates into plain values', () => {
  const v = decode(
    '{"i":{"$numberInt":"3"},"d":{"$numberDouble":"1.5"},"l":{"$numberLong":"9007199254740991"},"t":{"$date":{"$numberLong":"0"}},"r":{"$regularExpression":{"pattern":"^a","options":"ix"}},"s":{"$tcb_server_date":{"offset":{"$numberInt":"1000"}}}}',
    'q',
    5000,
  ) as Record<string, unknown>;
  expect(v).toEqual({ i: 3, d: 1.5, l: 9007199254740991, t: new Date(0), r: /^a/i, s: new Date(6000) });
});

it('rejects EJSON that does not parse with INVALID_PARAM', () => {
  expect(() => decode('{"a":', 'query')).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
});

it('collects multikey values along dotted paths', () => {
  expect(valuesAtPath({ items: [{ sku: 'a' }, { sku: ['b', 'c'] }, {}] }, ['items', 'sku'])).toEqual(['a', 'b', 'c', undefined]);
  expect(valuesAtPath({}, ['x', 'y'])).toEqual([undefined]);
});

it('refuses to index positional or operator paths', async () => {
  await expect(engine.ensureIndex('c', 'a.0')).rejects.toThrow(/cannot index/);
  await expect(engine.ensureIndex('c', '$x')).rejects.toThrow(/cannot index/);
});

it('leaves rarer EJSON wrappers to bson and keeps query operators as keys', () => {
  expect(decode('{"o":{"$oid":"5f1d7f5e8b3e4a2b9c0d1e2f"},"n":{"$gt":{"$numberInt":"1"}}}', 'q')).toEqual({
    o: '5f1d7f5e8b3e4a2b9c0d1e2f',
    n: { $gt: 1 },
  });
  expect(decode('{"d":{"$date":"2024-01-02T03:04:05Z"},"x":[{"$numberDouble":"-Infinity"}]}', 'q')).toEqual({
    d: new Date('2024-01-02T03:04:05Z'),
    x: [-Infinity],
  });
});

it('answers _id equality / $in queries from the id map exactly like the query engine', async () => {
  const { find: mingoFind } = await import('mingo');
  await engine.insert('c', [{ _id: 'b', n: 1 }, { _id: 3, n: 2 }, { _id: 'a', n: 3 }, { _id: '3', n: 4 }, { _id: 'z', n: 5 }]);
  const all = engine.find('c', { n: { $gte: 0 } });
  const queries = [
    { _id: 'a' },
    { _id: 3 },
    { _id: '3' },
    { _id: 'missing' },
    { _id: { $eq: 'b' } },
    { _id: { $in: ['z', 'a', 3, 'a', 'nope'] } },
    { _id: { $in: [] } },
  ];
  for (const q of queries) {
    const expected = mingoFind(all, q).all();
    expect(engine.find('c', q)).toEqual(expected);
    expect(engine.count('c', q)).toBe(expected.length);
  }
  expect(engine.find('c', { _id: { $in: ['z', 'a', 'b'] } }, { limit: 2 }).map((d) => d._id)).toEqual(['b', 'a']);
  expect(await engine.remove('c', { _id: { $in: ['a', 3] } }, { multi: true })).toBe(2);
  expect(engine.find('c', {}).map((d) => d._id)).toEqual(['b', '3', 'z']);
});

it('refuses a collection nobody created by default, like CloudBase, and relaxes only on request', async () => {
  const missing = { code: 'DATABASE_COLLECTION_NOT_EXIST' };
  expect(() => engine.find('ghost', {})).toThrow(expect.objectContaining(missing));
  expect(() => engine.count('ghost', {})).toThrow(expect.objectContaining(missing));
  await expect(engine.insert('ghost', [{ a: 1 }])).rejects.toMatchObject(missing);
  await expect(engine.update('ghost', {}, { $set: { a: 1 } }, { upsert: true })).rejects.toMatchObject(missing);
  expect(engine.collectionNames()).not.toContain('ghost');
  const ldir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-lenient-'));
  const lenient = DbEngine.open(ldir, { strictCollections: false });
  try {
    expect(lenient.find('ghost', {})).toEqual([]);
    await lenient.insert('ghost', [{ _id: 'x' }]);
    expect(lenient.collectionNames()).toContain('ghost');
  } finally {
    await lenient.close();
    fs.rmSync(ldir, { recursive: true, force: true });
  }
});

it('refuses an update that grows a document past 16 MB, as MongoDB does, and keeps the document', async () => {
  const nine = 'x'.repeat(9 * 1024 * 1024);
  await engine.insert('c', [{ _id: 'big', parts: [nine] }]);
  await expect(engine.update('c', { _id: 'big' }, { $push: { parts: nine } })).rejects.toMatchObject({
    code: 'DATABASE_REQUEST_FAILED',
    message: expect.stringMatching(/larger than 16777216 bytes/),
  });
  expect((engine.get('c', 'big')!.parts as string[]).length).toBe(1);
});
