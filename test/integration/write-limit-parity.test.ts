/**
 * The unit tests' memory SDK and the local cloud refuse the same database writes for their size
 * (scripts/local-cloud/db/write-bytes.ts, the one check both run; the memory SDK measures the body
 * the SDK would send, cloudfunctions/common/db/testing/write-request.ts). One table of writes runs
 * against the memory SDK and against the local cloud through the REAL wx-server-sdk, under each
 * reading of the limit ('5mb', the default, and '16mb'); a refused write stores nothing in either.
 * The table holds what a measure of the document alone would get wrong: quotes and numbers weigh
 * more on the wire (canonical EJSON inside a JSON string), and writes exactly at the limit and one
 * byte over it (so the two bodies are the same to the byte).
 */
import { checkWriteBytes, WRITE_LIMIT_BYTES, type WriteLimit } from '../../scripts/local-cloud/db/write-bytes';
import { memorySdk } from '../../cloudfunctions/common/db/testing/memory-sdk';
import { insertRequest, setRequest, updateRequest } from '../../cloudfunctions/common/db/testing/write-request';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

const MB = 1024 * 1024;
const COLL = 'big';

/** One write: how it is made (the same calls on either SDK) and which readings refuse it. */
interface Case {
  name: string;
  id: string;
  kind: 'add' | 'addMany' | 'update' | 'set';
  data: Record<string, unknown>;
  refusedUnder: WriteLimit[];
  /** Run under this reading only (storing it through the local cloud is slow: see the case). */
  onlyUnder?: WriteLimit;
}

/** Bytes of a request body, as the local cloud measures it. */
const bytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body));
/** `s` such that the write's body is `target` bytes (`body(n)` measured at n = 0 and grown by ASCII letters). */
const fill = (target: number, body: (s: string) => unknown) => 'x'.repeat(target - bytes(body('')));

const EDGE = WRITE_LIMIT_BYTES['5mb'];
const addEdge = fill(EDGE, (s) => insertRequest(COLL, [{ _id: 'edge-add', s }]));
const updateEdge = fill(EDGE, (s) => updateRequest(COLL, { _id: 'edge-update' }, { $set: { s } }));
const setEdge = fill(EDGE, (s) => setRequest(COLL, 'edge-set', { s }));

const CASES: Case[] = [
  { name: 'add: a 4 MB string', id: 'four', kind: 'add', data: { s: 'x'.repeat(4 * MB) }, refusedUnder: [] },
  { name: 'add: a 6 MB string', id: 'six', kind: 'add', data: { s: 'x'.repeat(6 * MB) }, refusedUnder: ['5mb'] },
  { name: 'add: two documents of 3 MB in one request', id: 'pair', kind: 'addMany', data: { s: 'x'.repeat(3 * MB) }, refusedUnder: ['5mb'] },
  { name: 'add: 1.6 M Chinese characters (4.8 MB of UTF-8)', id: 'zh-small', kind: 'add', data: { s: '茶'.repeat(1_600_000) }, refusedUnder: [] },
  { name: 'add: 1.8 M Chinese characters (5.4 MB of UTF-8)', id: 'zh-big', kind: 'add', data: { s: '茶'.repeat(1_800_000) }, refusedUnder: ['5mb'] },
  { name: 'add: 1.5 MB of quotes (6 MB on the wire, escaped twice)', id: 'quotes', kind: 'add', data: { s: '"'.repeat(1.5 * MB) }, refusedUnder: ['5mb'] },
  // Under '5mb' only: storing 300,000 numbers took the local cloud 6.5 s at load 3 and past the
  // SDK's own 15 s at load 18 (-501001 ESOCKETTIMEDOUT), which is not what this table checks.
  { name: 'add: 300,000 one-digit numbers (0.6 MB as JSON, 6.6 MB as canonical EJSON)', id: 'numbers', kind: 'add', data: { n: Array.from({ length: 300_000 }, (_, i) => i % 10) }, refusedUnder: ['5mb'], onlyUnder: '5mb' },
  { name: 'add: exactly at the limit', id: 'edge-add', kind: 'add', data: { s: addEdge }, refusedUnder: [] },
  { name: 'add: one byte over the limit', id: 'edge-add', kind: 'add', data: { s: `${addEdge}x` }, refusedUnder: ['5mb'] },
  { name: 'update: a 6 MB string', id: 'small', kind: 'update', data: { s: 'x'.repeat(6 * MB) }, refusedUnder: ['5mb'] },
  { name: 'update: exactly at the limit', id: 'edge-update', kind: 'update', data: { s: updateEdge }, refusedUnder: [] },
  { name: 'update: one byte over the limit', id: 'edge-update', kind: 'update', data: { s: `${updateEdge}x` }, refusedUnder: ['5mb'] },
  { name: 'set: a 6 MB string', id: 'small', kind: 'set', data: { s: 'x'.repeat(6 * MB) }, refusedUnder: ['5mb'] },
  { name: 'set: exactly at the limit', id: 'edge-set', kind: 'set', data: { s: setEdge }, refusedUnder: [] },
  { name: 'set: one byte over the limit', id: 'edge-set', kind: 'set', data: { s: `${setEdge}x` }, refusedUnder: ['5mb'] },
];

/** What a write came to: 'stored', or the SDK's errCode and whether its message names the limit. */
type Outcome = 'stored' | { errCode: number; names: boolean };

/* eslint-disable @typescript-eslint/no-explicit-any -- either SDK's database, driven the same way */
async function write(db: any, c: Case): Promise<Outcome> {
  const coll = db.collection(COLL);
  // Updates and sets act on a small document that is there first, as a product's would.
  if (c.kind === 'update' || c.kind === 'set') await coll.add({ data: { _id: c.id, n: 1 } }).catch(() => undefined);
  const run = () => {
    if (c.kind === 'add') return coll.add({ data: { _id: c.id, ...c.data } });
    if (c.kind === 'addMany') return coll.add({ data: [{ _id: `${c.id}-1`, ...c.data }, { _id: `${c.id}-2`, ...c.data }] });
    if (c.kind === 'update') return coll.where({ _id: c.id }).update({ data: c.data });
    return coll.doc(c.id).set({ data: c.data });
  };
  try {
    await run();
    return 'stored';
  } catch (e) {
    const err = e as { errCode: number; errMsg: string };
    return { errCode: err.errCode, names: /exceeds the 5MB one request may carry/.test(err.errMsg) };
  }
}

/* eslint-enable @typescript-eslint/no-explicit-any */

/** What the write left, read in-process (one answer on the wire carries at most 1 MB): the fields other than `_id`. */
function left(read: (id: string) => Record<string, unknown> | null | undefined, c: Case): string[] | null {
  const doc = read(c.kind === 'addMany' ? `${c.id}-1` : c.id);
  return doc ? Object.keys(doc).filter((k) => k !== '_id').sort() : null;
}

const expected = (c: Case, limit: WriteLimit): Outcome => (c.refusedUnder.includes(limit) ? { errCode: -501001, names: true } : 'stored');
/** The fields left: a refused add none, a refused update or set the small document's; else the write's. */
const expectedLeft = (c: Case, limit: WriteLimit) =>
  !c.refusedUnder.includes(limit) ? Object.keys(c.kind === 'update' ? { n: 1, ...c.data } : c.data).sort() : c.kind.startsWith('add') ? null : ['n'];

it("the table's edge cases sit where the shared check puts its limit", () => {
  expect(() => checkWriteBytes(insertRequest(COLL, [{ _id: 'edge-add', s: addEdge }]), '5mb')).not.toThrow();
  expect(() => checkWriteBytes(insertRequest(COLL, [{ _id: 'edge-add', s: `${addEdge}x` }]), '5mb')).toThrow(/exceeds the 5MB/);
});

describe.each(['5mb', '16mb'] as const)('writeLimit %s', (limit) => {
  let t: TestCloud;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let cloudDb: any;
  beforeAll(async () => {
    t = await startTestCloud({ writeLimit: limit });
    Object.assign(process.env, t.env);
    cloudDb = loadSdk('local').database();
    await cloudDb.createCollection(COLL);
  });
  afterAll(() => t.close());

  it.each(CASES.filter((c) => (c.onlyUnder ?? limit) === limit).map((c) => [c.name, c] as const))('%s: the memory SDK and the local cloud answer alike', async (_name, c) => {
    const mem = memorySdk(new Map(), { writeLimit: limit });
    const onMemory = await write(mem, c);
    const onCloud = await write(cloudDb, c);
    expect(onMemory).toEqual(expected(c, limit));
    expect(onCloud).toEqual(onMemory);
    expect(left((id) => mem.tables.get(COLL)?.get(id), c)).toEqual(expectedLeft(c, limit));
    expect(left((id) => t.cloud.db.collection(COLL).get(id) as Record<string, unknown> | null, c)).toEqual(expectedLeft(c, limit));
    await cloudDb.collection(COLL).where({ _id: cloudDb.command.exists(true) }).remove();
  }, 60_000);
});

it("the memory SDK takes the stricter reading by default, as the local cloud does", async () => {
  const before = process.env.QX_DB_WRITE_LIMIT;
  delete process.env.QX_DB_WRITE_LIMIT;
  try {
    expect(await write(memorySdk(), CASES[1])).toEqual({ errCode: -501001, names: true });
  } finally {
    if (before !== undefined) process.env.QX_DB_WRITE_LIMIT = before;
  }
});
