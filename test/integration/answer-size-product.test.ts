/**
 * The product's walks over customers under the 1 MB answer limit, through the REAL functions. A
 * seasonal shop's profile with two years of day buckets is ~1.2 KB, so one page of 1,000 profiles
 * (what the value refit, segment pass and campaign pass ask for) is ~1.2 MB: over CloudBase's
 * documented response limit. Scaled down so it stays fast: this cloud answers at most 48 KB, and
 * 120 profiles of ~1 KB (~120 KB) do not fit one answer. The old one-answer pages failed with
 * "data exceed max size"; `Db.keysetPage` fills each page from as many answers as it takes.
 */
import { buyerProfile } from '../helpers/profiles';
import { startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
const N = 120;
let c: IngestCloud;

beforeAll(async () => {
  c = await startIngestCloud(2, { maxAnswerBytes: 48 * 1024 });
  const now = Date.now();
  await c.cloud.db.collection('profiles').insert(
    Array.from({ length: N }, (_, i) =>
      buyerProfile(`c${String(i).padStart(3, '0')}`, now, Array.from({ length: 12 }, (_, k) => 2 + (i % 9) + 30 * k), { fen: 5000 + 100 * i }),
    ),
  );
  await c.cloud.db.collection('admins').insert({ _id: 'staff_demo', role: 'staff' });
}, 120_000);
afterAll(async () => c?.close());

it('the profiles of the shop do not fit one answer', () => {
  const bytes = JSON.stringify(c.cloud.db.collection('profiles').find({})).length;
  expect(bytes).toBeGreaterThan(2 * 48 * 1024);
});

it('the segment pass segments every profile', async () => {
  const timer = { Type: 'Timer', TriggerName: 'segment-every-10-min', Time: new Date().toISOString() };
  const r = await c.call<Reply>('segment', timer, undefined, 'wx_trigger');
  expect(r.error).toBeUndefined();
  expect(r.data).toMatchObject({ status: 'completed', scored: N });
  expect(c.cloud.db.collection('profiles').count({ segment: { $exists: true } })).toBe(N);
}, 120_000);

it('a staff value refit reads every profile and the scoring pass values every buyer', async () => {
  const refit = await c.call<Reply>('value', { action: 'refit' }, 'staff_demo');
  expect(refit.error).toBeUndefined();
  const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };
  for (let i = 0; i < 40 && c.cloud.db.collection('profiles').count({ 'value.version': { $exists: true } }) < N; i++) {
    const r = await c.call<Reply>('value', timer, undefined, 'wx_trigger');
    expect(r.error).toBeUndefined();
  }
  expect(c.cloud.db.collection('profiles').count({ 'value.version': { $exists: true } })).toBe(N);
}, 300_000);
