/**
 * The size of one database write request, through the real wx-server-sdk (db/write-bytes.ts). By
 * default ('5mb', the stricter reading: a developer summary's 5 MB per add/update from a cloud
 * function) an `add`, a `doc().update()`, a `where().update()` or a `set()` whose request passes
 * 5 MB is refused with EXCEED_MAX_PAYLOAD_SIZE (the SDK reports -501001) and stores nothing;
 * '16mb' (the quota page's packet) stores it. The product's writes stay far below either (175 KB
 * at most, measured in session 19).
 */
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

/** A string of `mb` megabytes. */
const blob = (mb: number) => 'x'.repeat(Math.round(mb * 1024 * 1024));

describe.each(['5mb', '16mb'] as const)('a database write of 6 MB (writeLimit %s)', (writeLimit) => {
  let t: TestCloud;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any;
  beforeAll(async () => {
    t = await startTestCloud({ writeLimit });
    Object.assign(process.env, t.env);
    db = loadSdk('local').database();
    await db.createCollection('big');
  });
  afterAll(() => t.close());

  const refused = writeLimit === '5mb';
  const stored = (id: string) => t.cloud.db.collection('big').get(id) as { b?: string; n?: number } | null;

  it(refused ? 'is refused and stores nothing; 4 MB is stored' : 'is stored', async () => {
    const c = db.collection('big');
    const add = await c.add({ data: { _id: 'six', b: blob(6) } }).catch((e: unknown) => e);
    if (refused) {
      expect(add).toMatchObject({ errCode: -501001 });
      expect(String((add as { errMsg: string }).errMsg)).toMatch(/EXCEED_MAX_PAYLOAD_SIZE|exceeds the 5MB/);
      expect((await c.where({ _id: 'six' }).count()).total).toBe(0);
    } else expect(stored('six')?.b).toHaveLength(6 * 1024 * 1024);
    await c.add({ data: { _id: 'four', b: blob(4) } });
    // Read in-process: one answer carries at most 1 MB (answer-bytes.ts).
    expect(stored('four')?.b).toHaveLength(4 * 1024 * 1024);
  });

  it(refused ? 'refuses updates and set() of that size, leaving the document as it was' : 'takes updates of that size', async () => {
    const c = db.collection('big');
    await c.add({ data: { _id: 'small', n: 1 } });
    const outcomes = await Promise.all([
      c.doc('small').update({ data: { b: blob(6) } }).then(() => 'ok', (e: { errCode: number }) => e.errCode),
      c.where({ _id: 'small' }).update({ data: { b: blob(6) } }).then(() => 'ok', (e: { errCode: number }) => e.errCode),
      c.doc('small').set({ data: { n: 2, b: blob(6) } }).then(() => 'ok', (e: { errCode: number }) => e.errCode),
    ]);
    expect(outcomes).toEqual(refused ? [-501001, -501001, -501001] : ['ok', 'ok', 'ok']);
    if (refused) expect(stored('small')).toEqual({ _id: 'small', n: 1 });
  });
});
