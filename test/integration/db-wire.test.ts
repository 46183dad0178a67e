/**
 * The local cloud's wire edge (local only — these are properties of our server, not of the SDK):
 * malformed / unknown / oversize requests get a clear error envelope and never crash the server,
 * multipart bodies are parsed into strings and Buffers, routes mount with addRoute, the
 * query answer's cap (100 by default, 1000 under getCap 1000), where-upserts, the legacy transaction actions, strict collections.
 */
import fc from 'fast-check';
import { adminFetch, okEnvelope } from '../../scripts/local-cloud';
import { startTestCloud, type TestCloud } from '../helpers/local-cloud';

let tc: TestCloud;
const post = async (body: string | Buffer, contentType = 'application/json') => {
  const res = await adminFetch(tc.cloud.url, tc.cloud.credentials, body, { contentType, query: 'env=local&seqId=1' });
  return { status: res.status, json: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const action = (a: string, fields: Record<string, unknown>) => post(JSON.stringify({ action: a, ...fields }));

beforeAll(async () => {
  tc = await startTestCloud();
  // Strict by default, like CloudBase: the collections these tests use exist first.
  for (const c of ['x', 'cap', 'ups', 'ltx']) await tc.cloud.db.createCollection(c);
});
afterAll(() => tc.close());

describe('bad input', () => {
  it('answers malformed JSON, a missing action and an unknown action with error envelopes', async () => {
    const bad = await post('{"action":');
    expect(bad.json).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/malformed/) });
    expect(bad.json.requestId).toEqual(expect.any(String));
    expect((await post('[1,2]')).json.code).toBe('INVALID_PARAM');
    expect((await post('{}')).json).toMatchObject({ code: 'INVALID_PARAM', message: 'missing action' });
    expect((await action('database.nope', {})).json).toMatchObject({ code: 'INVALID_ACTION', message: 'unknown action: database.nope' });
  });

  it('refuses bodies over 16 MB and keeps serving', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024 + 10, 0x20);
    const r = await post(big);
    expect(r.json).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/16 MB/) });
    expect((await action('database.calculateDocument', { collectionName: 'x' })).json.data).toEqual({ total: 0 });
  });

  it('answers bad query EJSON and bad operators with database errors', async () => {
    const q = await action('database.getDocument', { collectionName: 'x', query: '{"a":' });
    expect(q.json.code).toBe('INVALID_PARAM');
    const op = await action('database.getDocument', { collectionName: 'x', query: '{"a":{"$bogus":1}}' });
    expect(op.json.code).toBe('DATABASE_REQUEST_FAILED');
    const name = await action('database.getDocument', { collectionName: '../../etc' });
    expect(name.json.code).toBe('INVALID_PARAM');
    expect((await action('database.insertDocument', { collectionName: 'x', data: ['[1]'] })).json.code).toBe('INVALID_PARAM');
  });

  it('answers any database request with an envelope, never a crash (fuzzed)', async () => {
    const actions = ['getDocument', 'calculateDocument', 'insertDocument', 'modifyDocument', 'modifyAndReturnDoc', 'removeDocument',
      'aggregateDocuments', 'addCollection', 'startTransaction', 'commitTransaction', 'getInTransaction', 'updateDocInTransaction'];
    const ejsonish = fc.oneof(fc.json(), fc.string(), fc.constantFrom('{"$gt":1}', '{"a":{"$numberInt":"x"}}', '{"$tcb_server_date":5}', '[]', 'null'));
    const field = fc.oneof(ejsonish, fc.integer(), fc.boolean(), fc.array(ejsonish, { maxLength: 3 }), fc.constant(null), fc.array(fc.record({ stageKey: fc.string(), stageValue: ejsonish }), { maxLength: 2 }));
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...actions),
        fc.record({ collectionName: fc.oneof(fc.constant('fz'), fc.string(), fc.integer()), queryType: fc.constantFrom('DOC', 'WHERE', 5), query: field, data: field, order: field, projection: field, stages: field, limit: field, offset: field, multi: field, upsert: field, merge: field, transactionId: field, _id: field }, { requiredKeys: [] }),
        async (a, fields) => {
          const r = await action(`database.${a}`, fields);
          expect(r.status).toBe(200);
          expect(r.json.requestId).toEqual(expect.any(String));
          if (r.json.code) expect(typeof r.json.message).toBe('string');
          codes.add(r.json.code ?? 'ok');
        },
      ),
      { numRuns: 300 },
    );
    expect(codes.has('SYS_ERR')).toBe(false); // every refusal is a specific, explained code
    expect(codes.has('ok')).toBe(true);
    expect((await action('database.calculateDocument', { collectionName: 'x' })).json.data).toEqual({ total: 0 });
  });

  it('rejects GET /admin and unknown routes', async () => {
    expect((await fetch(`${tc.cloud.url}/admin`)).status).toBe(405);
    expect((await fetch(`${tc.cloud.url}/nowhere`)).status).toBe(404);
  });
});

describe('routing', () => {
  it('parses multipart bodies into strings and Buffers for registered actions', async () => {
    tc.cloud.registry.register('test.echo', async (req) =>
      okEnvelope({ fields: Object.fromEntries(Object.entries(req.body).map(([k, v]) => [k, Buffer.isBuffer(v) ? `buffer:${v.length}` : v])) }),
    );
    const form = new FormData();
    form.append('action', 'test.echo');
    form.append('apiName', 'subscribeMessage.send');
    form.append('requestData', new Blob([new Uint8Array([1, 2, 3, 0, 255])]), 'requestData');
    const res = await adminFetch(tc.cloud.url, tc.cloud.credentials, form);
    expect(((await res.json()) as { fields: unknown }).fields).toEqual({ action: 'test.echo', apiName: 'subscribeMessage.send', requestData: 'buffer:5' });
  });

  it('mounts routes with addRoute (longest prefix wins)', async () => {
    tc.cloud.addRoute('GET', '/dev', (_req, res) => void res.end('dev'));
    tc.cloud.addRoute('GET', '/dev/login', (_req, res) => void res.end('login'));
    expect(await (await fetch(`${tc.cloud.url}/dev/login?x=1`)).text()).toBe('login');
    expect(await (await fetch(`${tc.cloud.url}/dev/other`)).text()).toBe('dev');
  });
});

describe('database rules', () => {
  it('caps limit at 100 and defaults to 100 without one (the stricter reading, db/get-cap.ts)', async () => {
    await tc.cloud.db.collection('cap').insert(Array.from({ length: 1200 }, (_, i) => ({ i })));
    const capped = await action('database.getDocument', { collectionName: 'cap', queryType: 'WHERE', limit: 1000 });
    expect(capped.json.data.list).toHaveLength(100);
    expect(capped.json.data.limit).toBe(100);
    const dflt = await action('database.getDocument', { collectionName: 'cap', queryType: 'WHERE' });
    expect(dflt.json.data.list).toHaveLength(100);
    expect(typeof dflt.json.data.list[0]).toBe('string'); // documents travel as EJSON strings
  });

  it('caps limit at 1000 and defaults to 1000 under getCap 1000 (the current reference)', async () => {
    const wide = await startTestCloud({ getCap: 1000 });
    try {
      await wide.cloud.db.createCollection('cap');
      await wide.cloud.db.collection('cap').insert(Array.from({ length: 1200 }, (_, i) => ({ i })));
      const ask = async (fields: Record<string, unknown>) =>
        (await (await adminFetch(wide.cloud.url, wide.cloud.credentials, JSON.stringify({ action: 'database.getDocument', collectionName: 'cap', queryType: 'WHERE', ...fields }), { contentType: 'application/json', query: 'env=local&seqId=1' })).json()) as { data: { list: unknown[] } };
      expect((await ask({ limit: 5000 })).data.list).toHaveLength(1000);
      expect((await ask({})).data.list).toHaveLength(1000);
    } finally {
      await wide.close();
    }
  });

  it('upserts a where-update from its equality fields', async () => {
    const r = await action('database.modifyDocument', {
      collectionName: 'ups', queryType: 'WHERE', query: '{"sku":"k1"}', data: '{"$inc":{"n":{"$numberInt":"2"}}}', multi: false, merge: true, upsert: true,
    });
    expect(r.json.data.upsert_id).toMatch(/^[0-9a-f]{32}$/);
    expect(tc.cloud.db.collection('ups').find({ sku: 'k1' })).toEqual([{ _id: r.json.data.upsert_id, sku: 'k1', n: 2 }]);
  });

  it('serves the legacy transaction actions', async () => {
    await tc.cloud.db.collection('ltx').insert({ _id: 'a', v: 1 });
    const { transactionId } = (await action('database.startTransaction', {})).json;
    const got = await action('database.getInTransaction', { collectionName: 'ltx', transactionId, _id: 'a' });
    expect(JSON.parse(got.json.data)).toEqual({ _id: 'a', v: 1 });
    const upd = await action('database.updateDocInTransaction', { collectionName: 'ltx', transactionId, _id: 'a', data: '{"$set":{"v":{"$numberInt":"2"}}}' });
    expect(upd.json.updated).toBe('1');
    const del = await action('database.deleteDocInTransaction', { collectionName: 'ltx', transactionId, _id: 'a' });
    expect(del.json.deleted).toBe('1');
    expect(tc.cloud.db.collection('ltx').get('a')).toEqual({ _id: 'a', v: 1 });
    await action('database.commitTransaction', { transactionId });
    expect(tc.cloud.db.collection('ltx').get('a')).toBeNull();
    const again = await action('database.commitTransaction', { transactionId });
    expect(again.json.code).toBe('DATABASE_TRANSACTION_FAIL');
  });

  it('creates collections once', async () => {
    expect((await action('database.addCollection', { collectionName: 'made' })).json.code).toBeUndefined();
    expect((await action('database.addCollection', { collectionName: 'made' })).json.code).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
  });
});

describe('strict collections (like the real cloud)', () => {
  it('fails on a collection that was never created, until it is — by default', async () => {
    const strict = await startTestCloud();
    try {
      const call = async (body: Record<string, unknown>) => (await (await adminFetch(strict.cloud.url, strict.cloud.credentials, body)).json()) as Record<string, unknown>;
      expect(await call({ action: 'database.calculateDocument', collectionName: 'ghost' })).toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
      await call({ action: 'database.addCollection', collectionName: 'ghost' });
      expect(await call({ action: 'database.calculateDocument', collectionName: 'ghost' })).toMatchObject({ data: { total: 0 } });
    } finally {
      await strict.close();
    }
  });
});
