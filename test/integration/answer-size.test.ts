/**
 * Answer sizes through the REAL wx-server-sdk. CloudBase documents a 1 MB response limit
 * (EXCEED_MAX_RESPONSE_SIZE); the local cloud applies it to one database answer and to what a
 * function answers a mini program or another function (not SCF's looser 6 MB). The product's `Db`
 * fills a keyset page from as many answers as it takes, so a walk over large documents loses
 * nothing; only a single document over the limit fails, with a named error.
 */
import { AnswerTooLargeError, Db } from '../../cloudfunctions/common/db/wx-db';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';
import { startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

jest.setTimeout(120_000);
const KB = 1024;

describe('one database answer is at most 1 MB', () => {
  let local: TestCloud;
  let db: Db;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let raw: any;
  const N = 60; // 60 × 40 KB = 2.4 MB: no single answer may carry them all
  beforeAll(async () => {
    local = await startTestCloud();
    Object.assign(process.env, local.env);
    raw = loadSdk('local').database();
    db = new Db(raw);
    await raw.createCollection('fat');
    await local.cloud.db.collection('fat').insert(
      Array.from({ length: N }, (_, i) => ({ _id: `f${String(i).padStart(3, '0')}`, i, blob: 'x'.repeat(40 * KB) })),
    );
  });
  afterAll(() => local?.close());

  it('refuses a get() or an aggregation over 1 MB, answers it projected or paged smaller', async () => {
    await expect(raw.collection('fat').limit(N).get()).rejects.toMatchObject({ errMsg: expect.stringMatching(/exceed max size/) });
    await expect(raw.collection('fat').aggregate().limit(N).end()).rejects.toMatchObject({ errMsg: expect.stringMatching(/exceed max size/) });
    expect((await raw.collection('fat').field({ i: true }).limit(N).get()).data).toHaveLength(N);
    expect((await raw.collection('fat').limit(20).get()).data).toHaveLength(20);
    await expect(db.find('fat', {}, { orderBy: ['_id', 'asc'], limit: N })).rejects.toBeInstanceOf(AnswerTooLargeError);
  });

  it('reads every document by keyset pages that shrink when an answer is too large', async () => {
    const all = await db.findAll('fat', {});
    expect(all.map((d) => d.i)).toEqual(Array.from({ length: N }, (_, i) => i));
    const page = await db.keysetPage('fat', {}, { after: 'f009', limit: 40 });
    expect(page.docs.map((d) => d.i)).toEqual(Array.from({ length: 40 }, (_, i) => i + 10));
    expect(page.last).toBe(false);
    const tail = await db.keysetPage('fat', {}, { after: 'f049', limit: 40 });
    expect([tail.docs.length, tail.last]).toEqual([10, true]);
  });

  it('fails with a named error only for one document over the limit', async () => {
    await raw.createCollection('huge');
    await local.cloud.db.collection('huge').insert({ _id: 'h', blob: 'y'.repeat(1100 * KB) });
    await expect(db.findAll('huge', {})).rejects.toBeInstanceOf(AnswerTooLargeError);
  });
});

describe('a function answers a mini program at most 1 MB', () => {
  let c: FixtureCloud;
  beforeAll(async () => {
    c = await startFixtureCloud();
  });
  afterAll(() => c?.close());

  it('refuses an answer over 1 MB with EXCEED_MAX_RESPONSE_SIZE, to a client and between functions', async () => {
    const client = { openid: 'u1', source: 'wx_client' as const };
    await expect(c.cloud.invokeFunction('echo', { padBytes: 1100 * KB }, client)).rejects.toMatchObject({ code: 'EXCEED_MAX_RESPONSE_SIZE' });
    expect(await c.cloud.invokeFunction('echo', { padBytes: 900 * KB }, client)).toMatchObject({ pad: expect.any(String) });
    // Between functions too: CloudBase's 1 MB does not exempt them (SCF's 6 MB is the looser reading).
    const viaFunction = await c.cloud.invokeFunction('caller', { target: 'echo', data: { padBytes: 1100 * KB }, sizeOnly: true }, client);
    expect(viaFunction).toMatchObject({ ok: false, errMsg: expect.stringMatching(/the response of echo is \d+ bytes, over the 1024 KB/) });
    const small = await c.cloud.invokeFunction('caller', { target: 'echo', data: { padBytes: 900 * KB }, sizeOnly: true }, client);
    expect(small).toEqual({ ok: true, bytes: 900 * KB + '{"pad":""}'.length });
  });
});
