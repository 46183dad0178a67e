/**
 * `train:segments --from-cloud URL`: profiles read through the real wx-server-sdk from a local
 * cloud (paged past the 1000-row cap), features equal to common/features, and the whole training
 * CLI producing a model from them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeFeatures } from '../../../cloudfunctions/common/features';
import { startTestCloud, type TestCloud } from '../../../test/helpers/local-cloud';
import type { BehaviorCustomer, BehaviorEvent } from './behavior-data';
import { featuresFromCloud } from './profiles-from-cloud';
import { profileOf } from './profiles-from-behavior';
import { makeRng } from './rng';

const AS_OF = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

/** Seeded customers of a few kinds: loyal buyers, lapsed one-timers, browsers. */
function customers(n: number): BehaviorCustomer[] {
  const rng = makeRng(9);
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 3;
    const events: BehaviorEvent[] = [];
    const k = kind === 0 ? 4 + Math.floor(rng() * 6) : kind === 1 ? 1 : 10 + Math.floor(rng() * 30);
    for (let j = 0; j < k; j++) {
      const daysAgo = kind === 1 ? 200 + rng() * 150 : rng() * 60;
      events.push({ ts: AS_OF - daysAgo * DAY, kind: kind === 2 ? (rng() < 0.8 ? 'view' : 'cart') : 'buy', amountYuan: 20 + rng() * 200, categoryId: `c${Math.floor(rng() * 5)}` });
    }
    return { id: `u${String(i).padStart(5, '0')}`, source: 'taobao' as const, asOf: AS_OF, events: events.sort((a, b) => a.ts - b.ts) };
  });
}

let tc: TestCloud;
const people = customers(1200);

beforeAll(async () => {
  tc = await startTestCloud();
  const docs = people.map((c) => ({ _id: c.id, openid: c.id, rev: 1, ...profileOf(c) }));
  for (let i = 0; i < docs.length; i += 200) await tc.cloud.db.collection('profiles').insert(docs.slice(i, i + 200));
}, 60_000);
afterAll(async () => tc?.close());

describe('training from the local cloud', () => {
  it('reads every profile through the SDK, paged, with the same features as common/features', async () => {
    const { input, ids } = await featuresFromCloud(tc.cloud.url, tc.cloud.credentials, AS_OF);
    expect(ids).toHaveLength(1200);
    expect(new Set(ids).size).toBe(1200);
    const i = ids.indexOf('u00007');
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
