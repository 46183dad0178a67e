/**
 * An insert the cloud stored whose answer the REAL wx-server-sdk did not get, in each form that
 * answer can take on the way back (the local cloud stores it, then answers garbled): a gateway's
 * error page, CloudBase's DATABASE_TIMEOUT, the service's SERVER_TIMEOUT. The SDK reports them as
 * -1, -501001 and -501002 (common/db/duplicate-key.ts); none of them may be read as "not stored": `Db.insertUnique` reads
 * its write-id back and answers true, and when the read-back fails too the outcome stays unknown
 * (InsertOutcomeUnknownError) until `Db.isOwnWrite` can tell.
 */
import { InsertOutcomeUnknownError } from '../../cloudfunctions/common/db/write-id';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

/** How the answer of a request the cloud applied comes back. */
const GARBLED = {
  // A gateway's error page: the SDK parses every body as JSON first, so this is a SyntaxError (-1).
  gateway: { status: 504, type: 'text/html', body: '<html><body>504 Gateway Time-out</body></html>', errCode: -1 },
  // CloudBase's documented DATABASE_TIMEOUT, a code the SDK's table lacks (-501001).
  databaseTimeout: {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ code: 'DATABASE_TIMEOUT', message: 'database request timeout', requestId: 'r1' }),
    errCode: -501001,
  },
  // The service's SERVER_TIMEOUT, which the SDK knows (-501002).
  serverTimeout: {
    status: 200,
    type: 'application/json',
    body: JSON.stringify({ code: 'SERVER_TIMEOUT', message: 'service response timeout', requestId: 'r2' }),
    errCode: -501002,
  },
} as const;
type Garble = keyof typeof GARBLED;

/**
 * Makes the local cloud answer the actions in the returned map garbled: the action's own handler
 * runs first (the write is applied), then its answer is replaced — on the wire, so the real SDK
 * reads it as it would read a gateway's or the service's.
 */
function garbleAnswers(cloud: TestCloud['cloud'], actions: string[]): Map<string, Garble> {
  const garble = new Map<string, Garble>();
  for (const action of actions) {
    const handler = cloud.registry.resolve(action);
    if (!handler) throw new Error(`the local cloud has no handler for ${action}`);
    cloud.registry.register(action, async (req) => {
      const out = await handler(req);
      const g = garble.get(action);
      if (!g) return out;
      return { kind: 'binary', status: GARBLED[g].status, contentType: GARBLED[g].type, body: Buffer.from(GARBLED[g].body) };
    });
  }
  return garble;
}

let t: TestCloud;
let garble: Map<string, Garble>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let sdkDb: any;
beforeAll(async () => {
  t = await startTestCloud();
  garble = garbleAnswers(t.cloud, ['database.insertDocument', 'database.getDocument']);
  // SILENCE: no 3 s slow-request timers left behind by the failed requests (the SDK clears them only on success).
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  sdkDb = loadSdk('local').database();
  await sdkDb.createCollection('claims');
});
afterEach(() => garble.clear());
afterAll(() => t?.close());

describe.each(Object.keys(GARBLED) as Garble[])('an insert stored, its answer lost as %s', (g) => {
  it(`the real SDK reports errCode ${GARBLED[g].errCode}, and the document is stored`, async () => {
    garble.set('database.insertDocument', g);
    const err = await sdkDb.collection('claims').add({ data: { _id: `raw-${g}`, v: 1 } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ errCode: GARBLED[g].errCode });
    garble.clear();
    expect((await sdkDb.collection('claims').doc(`raw-${g}`).get()).data).toMatchObject({ v: 1 });
  });

  it('insertUnique reads its write-id back: true, the claim is this call’s', async () => {
    garble.set('database.insertDocument', g);
    expect(await new Db(sdkDb).insertUnique('claims', { _id: `own-${g}`, v: 1 })).toBe(true);
    // Another writer after it: false, whatever the code its failure arrives with.
    expect(await new Db(sdkDb).insertUnique('claims', { _id: `own-${g}`, v: 2 })).toBe(false);
  });

  it('the read-back failing too: unknown (never "not stored"), and isOwnWrite tells once the cloud answers', async () => {
    garble.set('database.insertDocument', g);
    garble.set('database.getDocument', g);
    const err = await new Db(sdkDb).insertUnique('claims', { _id: `unknown-${g}`, v: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InsertOutcomeUnknownError);
    expect(err).toMatchObject({ id: `unknown-${g}`, errCode: GARBLED[g].errCode });
    garble.clear();
    expect(await new Db(sdkDb).isOwnWrite('claims', `unknown-${g}`, (err as InsertOutcomeUnknownError).writeId)).toBe(true);
  });
});
