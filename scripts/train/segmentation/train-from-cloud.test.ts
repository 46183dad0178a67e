/**
 * `train:segments --from-cloud URL`: profiles read through the real wx-server-sdk from a local
 * cloud (paged past the page cap: 100 in the local cloud by default, 1000 by the current reference), features equal to common/features, and the whole training
 * CLI producing a model from them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeFeatures } from '../../../cloudfunctions/common/features';
import { startTestCloud, type TestCloud } from '../../../test/helpers/local-cloud';
import { shopCustomers } from '../../../cloudfunctions/common/segment-refit/testing/shop-profiles';
import { featuresFromCloud } from './profiles-from-cloud';
import { profileOf } from './profiles-from-behavior';

const AS_OF = Date.UTC(2026, 0, 15);

let tc: TestCloud;
const people = shopCustomers(1200, AS_OF);

beforeAll(async () => {
  tc = await startTestCloud();
  const docs = people.map((c) => ({ _id: c.id, openid: c.id, rev: 1, ...profileOf(c) }));
  for (let i = 0; i < docs.length; i += 200) await tc.cloud.db.collection('profiles').insert(docs.slice(i, i + 200));
});
afterAll(async () => tc?.close());

describe('training from the local cloud', () => {
  it('reads every profile through the SDK, paged, with the same features as common/features', async () => {
    const { input, ids } = await featuresFromCloud(tc.cloud.url, tc.cloud.credentials, AS_OF);
    expect(ids).toHaveLength(1200);
    expect(new Set(ids).size).toBe(1200);
    const i = ids.indexOf('u000007');
    expect(input[i]).toEqual(computeFeatures(profileOf(people[7]), AS_OF));
  });

  it('train:segments --from-cloud writes a model, meta and report', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-seg-train-'));
    const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
    // async: the local cloud lives in this process and must keep answering the child
    // The child signs with the credentials.json of QX_DATA_DIR, as a developer's terminal would.
    const env = { ...process.env, QX_DATA_DIR: tc.dataDir };
    const { stdout } = await promisify(execFile)(tsx, [path.join(__dirname, 'train.ts'), '--from-cloud', tc.cloud.url, '--quick', '--out', out], { encoding: 'utf8', timeout: 120_000, env });
    const last = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(last.k).toBeGreaterThanOrEqual(3);
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'meta.json'), 'utf8'));
    expect(meta.data.rows).toBe(1200);
    expect(meta.data.source).toContain('local cloud');
    expect(fs.statSync(path.join(out, 'model.onnx')).size).toBeGreaterThan(500);
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('## Decision');
    fs.rmSync(out, { recursive: true, force: true });
  }, 120_000);
});
