/**
 * Adversarial: the local cloud's `/admin` (the wx-server-sdk wire) lets in only requests signed
 * with this run's credentials, exactly as the SDK signs them — through the REAL SDK and raw HTTP.
 * Before: any process or web page could POST there and read every collection or make itself staff.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sign } from '@cloudbase/signature-nodejs';
import { adminFetch, readCredentials, signAdminHeaders } from '../../scripts/local-cloud';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';
import { rawRequest, withEnv } from './helpers';

let tc: TestCloud;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let sdk: any;

beforeAll(async () => {
  tc = await startTestCloud({ schema: true });
  Object.assign(process.env, tc.env);
  sdk = loadSdk('local');
  await tc.cloud.db.collection('admins').insert({ _id: 'o_staff', role: 'owner' });
});
afterAll(() => tc.close());

const upsertMeAsAdmin = {
  action: 'database.modifyDocument',
  collectionName: 'admins',
  queryType: 'DOC',
  query: '{"_id":"o_attacker"}',
  data: '{"role":"owner"}',
  upsert: true,
  merge: false,
};

it('writes this run\'s credentials to credentials.json, readable by the owner only', () => {
  const stat = fs.statSync(tc.cloud.credentialsFile);
  expect(stat.mode & 0o777).toBe(0o600);
  expect(readCredentials(tc.dataDir)).toEqual(tc.cloud.credentials);
  expect(tc.env.TENCENTCLOUD_SECRETKEY).toBe(tc.cloud.credentials.secretKey);
  expect(tc.cloud.credentials.secretKey).not.toMatch(/^(local|qx-local)/);
});

it('refuses an unsigned /admin request — JSON or a text/plain "simple" POST from a page — and writes nothing', async () => {
  for (const contentType of ['application/json', 'text/plain']) {
    const r = await rawRequest(tc.cloud.url, {
      method: 'POST',
      path: '/admin?env=local',
      headers: { 'content-type': contentType },
      body: JSON.stringify(upsertMeAsAdmin),
    });
    expect(r.status).toBe(200); // like every /admin error: the SDK reads `code`
    expect(r.json).toMatchObject({ code: 'SIGN_PARAM_INVALID', message: expect.stringMatching(/AuthFailure\.InvalidAuthorization/), requestId: expect.any(String) });
  }
  const read = await rawRequest(tc.cloud.url, { method: 'POST', path: '/admin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'database.getDocument', collectionName: 'admins', queryType: 'WHERE' }) });
  expect(read.json.code).toBe('SIGN_PARAM_INVALID');
  expect(read.text).not.toContain('o_staff');
  expect(tc.cloud.db.collection('admins').get('o_attacker')).toBeNull();
});

it('refuses the real SDK signing with a wrong key or another run\'s secretId', async () => {
  const wrongKey = withEnv({ TENCENTCLOUD_SECRETKEY: 'not-the-key' }, () => sdk.database().collection('admins').get());
  await expect(wrongKey).rejects.toThrow(/AuthFailure\.SignatureFailure/);
  const otherRun = withEnv({ TENCENTCLOUD_SECRETID: 'AKIDqxlocal00000000000000000000000000000000' }, () => sdk.database().collection('admins').add({ data: { _id: 'o_attacker' } }));
  await expect(otherRun).rejects.toThrow(/AuthFailure\.SecretIdNotFound/);
  expect(tc.cloud.db.collection('admins').get('o_attacker')).toBeNull();
  // …while the same SDK with the run's keys is served.
  expect((await sdk.database().collection('admins').doc('o_staff').get()).data).toMatchObject({ role: 'owner' });
});

it('refuses a signed request whose body was changed after signing (a field added or altered)', async () => {
  const url = `${tc.cloud.url}/admin`;
  const signedBody = { action: 'database.getDocument', collectionName: 'products', queryType: 'WHERE' };
  const headers = signAdminHeaders(tc.cloud.credentials, url, Buffer.from(JSON.stringify(signedBody)));
  const send = (body: object) => rawRequest(tc.cloud.url, { method: 'POST', path: '/admin', headers, body: JSON.stringify(body) });
  expect((await send(signedBody)).json.data).toBeDefined(); // the original is fine
  const altered = await send({ ...signedBody, collectionName: 'admins' });
  expect(altered.json.code).toBe('SIGN_PARAM_INVALID');
  expect(altered.json.message).toMatch(/AuthFailure\.SignatureFailure/);
  const added = await send({ ...signedBody, query: '{"_id":"o_staff"}' });
  expect(added.json.code).toBe('SIGN_PARAM_INVALID');
});

it('refuses a stale signature (older than the SDK\'s 600 s X-Signature-Expires) and one from the future', async () => {
  const url = `${tc.cloud.url}/admin`;
  const params = { action: 'database.getDocument', collectionName: 'admins', queryType: 'WHERE' };
  const signedAt = async (timestamp: number) => {
    const headers = { 'content-type': 'application/json', host: new URL(url).host };
    const { authorization } = sign({ ...tc.cloud.credentials, method: 'post', url, params, headers, withSignedParams: true, timestamp });
    return rawRequest(tc.cloud.url, { method: 'POST', path: '/admin', headers: { ...headers, authorization, 'x-timestamp': String(timestamp) }, body: JSON.stringify(params) });
  };
  const now = Math.floor(Date.now() / 1000);
  expect((await signedAt(now - 5)).json.data).toBeDefined();
  const stale = await signedAt(now - 601);
  expect(stale.json.code).toBe('SIGN_PARAM_INVALID');
  expect(stale.json.message).toMatch(/AuthFailure\.SignatureExpire/);
  expect((await signedAt(now + 3600)).json.message).toMatch(/AuthFailure\.SignatureExpire/);
});

it('serves local tools that sign with credentials.json (multipart too)', async () => {
  const creds = readCredentials(tc.dataDir);
  const ok = await adminFetch(tc.cloud.url, creds, { action: 'database.calculateDocument', collectionName: 'admins', queryType: 'WHERE' });
  expect(await ok.json()).toMatchObject({ data: { total: 1 } });
  const form = new FormData();
  form.append('action', 'database.calculateDocument');
  form.append('collectionName', 'admins');
  expect(await (await adminFetch(tc.cloud.url, creds, form)).json()).toMatchObject({ data: { total: 1 } });
});

it('db:init --local signs with the credentials.json of --data, and says what is missing without it', async () => {
  const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
  const init = path.resolve(__dirname, '../../scripts/db/init.ts');
  const run = promisify(execFile);
  const { stdout } = await run(tsx, [init, '--local', tc.cloud.url, '--data', tc.dataDir], { encoding: 'utf8', timeout: 60_000 });
  expect(stdout).toMatch(/events\s+(created|exists)/);
  expect(tc.cloud.db.collections()).toContain('events');
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-nocreds-'));
  try {
    await expect(run(tsx, [init, '--local', tc.cloud.url, '--data', empty], { encoding: 'utf8', timeout: 60_000 })).rejects.toMatchObject({ stderr: expect.stringMatching(/credentials\.json/) });
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
