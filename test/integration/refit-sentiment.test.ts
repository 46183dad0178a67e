/**
 * The `refit` function hosting `refit:sentiment`, through the REAL functions (esbuild bundles,
 * child processes, real wx-server-sdk) against the local cloud: below the minimum of rated reviews
 * the timer keeps the base and says why; with enough, the timer (POST /dev/trigger/refit) adapts
 * the model, the store's guard promotes it, admin `models` shows both figures, and `track` scores
 * new reviews with the promoted version. A staff request through admin runs at once; a refit that
 * is not better than what serves never ships. Customers cannot call it. Each test seeds what it
 * needs (once per cloud) and passes alone; in file order they tell the shop's story.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { readShippedSentiment } from '../../cloudfunctions/common/inference/sentiment-shipped';
import { createModelStore, SHIPPED, wxModelStorePorts } from '../../cloudfunctions/common/model-store';
import { ensembleFromOnnx, ensembleProbability } from '../../cloudfunctions/common/sentiment-model';
import { featurizeReview } from '../../cloudfunctions/common/text';
import { toPermille } from '../../cloudfunctions/track/steps/score-reviews';
import { devFetch } from '../../scripts/local-cloud/auth/sign-request';
import { loadSdk } from '../helpers/local-cloud';
import { syntheticShop } from '../helpers/synthetic-shop';
import { ev, startStaffCloud, type IngestCloud } from './track-cloud';

jest.setTimeout(180_000);
import type { Reply } from '../helpers/reply';
const STAFF = 'staff_refit';
let c: IngestCloud;

beforeAll(async () => {
  c = await startStaffCloud(STAFF);
});
afterAll(async () => c?.close());

const seeded = new Set<number>();
/** Review events of the synthetic shop (house words carry the polarity), 1–2 or 4–5 stars; once per `seed`. */
function seedReviews(n: number, seed: number, at: number) {
  if (seeded.has(seed)) return;
  seeded.add(seed);
  const events = c.cloud.db.collection('events');
  syntheticShop(n, seed).forEach((r, i) => {
    const openid = `cust${i % 25}`;
    events.insert({
      _id: `${openid}:${r.key}`,
      openid,
      name: 'review_submit',
      ts: at - i * 1000,
      props: { productId: 'p1', text: r.text, rating: r.label ? 4 + (i % 2) : 1 + (i % 2) },
    });
  });
}

const admin = (event: unknown) => c.call<Reply>('admin', event, STAFF);
const sentimentCard = async () =>
  (await admin({ action: 'models' })).data.find((m: { model: string }) => m.model === 'sentiment');
async function timerTick(): Promise<Reply> {
  const res = await devFetch(c.cloud.url, c.cloud.credentials, '/dev/trigger/refit', 'POST');
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: Reply }).result;
}
/** The shop's 720 rated reviews: 120 an hour ago (below the minimum alone), then 600 more. */
function seedShopReviews() {
  seedReviews(120, 1, Date.now() - 3_600_000);
  seedReviews(600, 2, Date.now() - 60_000);
}
const servingSentiment = () => (c.cloud.db.collection('model_pointers').get('sentiment') as { serving: string } | null)?.serving;
/** The shop's own version, adapted by the timer on the 720 reviews unless it already serves. */
async function shopVersion(): Promise<string> {
  seedShopReviews();
  if (!servingSentiment()) expect((await timerTick()).data.ticks[0]).toMatchObject({ kind: 'refit:sentiment', status: 'succeeded' });
  const serving = servingSentiment();
  expect(serving).not.toBe(SHIPPED);
  return serving!;
}

it('below the minimum the timer keeps the base model and tells staff why', async () => {
  seedReviews(120, 1, Date.now() - 3_600_000);
  const r = await timerTick();
  expect(r.ok).toBe(true);
  expect(r.data.scheduled).toContainEqual(
    expect.objectContaining({ kind: 'refit:sentiment', start: false, reason: expect.stringContaining('满 300 条') }),
  );
  expect(r.data.ticks).toEqual([]);
  const card = await sentimentCard();
  expect(card.serving).toMatchObject({ version: SHIPPED, source: 'shipped' });
  expect(card.schedule).toMatchObject({ start: false, reason: expect.stringMatching(/已评分评价 120 条.*默认模型/) });
  expect(card.lastRefit).toBeNull();
});

it('with enough rated reviews the timer adapts, the guard promotes, admin shows both figures', async () => {
  seedShopReviews();
  const r = await timerTick();
  expect(r.error).toBeUndefined();
  expect(r.data.scheduled[0]).toMatchObject({ start: true, reason: expect.stringContaining('首次训练') });
  expect(r.data.ticks[0]).toMatchObject({ kind: 'refit:sentiment', status: 'succeeded' });
  expect(r.data.ticks[0].steps).toBeGreaterThanOrEqual(3); // read → adapt → publish

  const pointer = c.cloud.db.collection('model_pointers').get('sentiment') as { serving: string };
  expect(pointer.serving).not.toBe(SHIPPED);
  const card = await sentimentCard();
  expect(card.serving).toMatchObject({ version: pointer.serving, source: 'shop', dataWindow: { n: 720 } });
  expect(card.lastRefit).toMatchObject({ status: 'succeeded', requestedBy: 'timer' });
  const res = card.lastRefit.result;
  expect(res).toMatchObject({ rated: 720, promoted: true, version: pointer.serving, summary: expect.stringContaining('已上线') });
  expect(res.guard.heldOut).toBeGreaterThanOrEqual(100);
  expect(res.guard.adapted).toBeGreaterThan(res.guard.base);
  expect(card.serving.evaluation).toMatchObject({ candidate: res.guard.adapted, incumbent: res.guard.base, passed: true });

  // A second tick right away: the run is done and nothing new is due.
  const again = await timerTick();
  expect(again.data.scheduled[0]).toMatchObject({ start: false, reason: expect.stringContaining('新增已评分评价 0 条') });
});

it('track scores a new review with the promoted version', async () => {
  const text = '周末来的，第二次来，甲甲77';
  const serving = await shopVersion();
  const sdk = loadSdk('local');
  const store = createModelStore(wxModelStorePorts(new Db(sdk.database()), sdk));
  const version = (await store.history('sentiment')).find((v) => v.version === serving)!;
  const file = version.files.find((f) => f.name === 'model.onnx')!;
  const bytes = (await sdk.downloadFile({ fileID: file.fileID })).fileContent as Buffer;
  const adapted = toPermille(ensembleProbability(ensembleFromOnnx(bytes), featurizeReview(text)));

  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, 'reviewer1')).ok).toBe(true);
  const e = ev({ name: 'review_submit', props: { productId: 'p1', text, rating: 5 } });
  const t = await c.call<Reply>('track', { events: [e] }, 'reviewer1');
  expect(t.data.results[0].status).toBe('accepted');
  const stored = c.cloud.db.collection('events').get(`reviewer1:${e.eventId}`) as { sentiment: number };
  expect(Math.abs(stored.sentiment - adapted)).toBeLessThanOrEqual(1);
  // The house word is positive only to the shop's version.
  expect(adapted).toBeGreaterThan(800);
  const shipped = readShippedSentiment();
  expect(adapted - toPermille(ensembleProbability(ensembleFromOnnx(shipped.onnx), featurizeReview(text)))).toBeGreaterThan(100);
});

it('staff request through admin runs at once; a refit no better than what serves never ships', async () => {
  const before = await shopVersion();
  const r = await admin({ action: 'modelRefit', model: 'sentiment' });
  expect(r.ok).toBe(true);
  expect(r.data).toMatchObject({ created: true, tick: { status: 'succeeded' } });
  const card = await sentimentCard();
  expect(card.lastRefit).toMatchObject({ runId: r.data.runId, status: 'succeeded', requestedBy: `staff:${STAFF}` });
  // Same reviews: the candidate equals the serving version, so it is not strictly better.
  expect(card.lastRefit.result).toMatchObject({ promoted: false, summary: expect.stringContaining('未上线') });
  expect(card.lastRefit.result.guard.adapted).toBe(card.lastRefit.result.guard.base);
  expect((c.cloud.db.collection('model_pointers').get('sentiment') as { serving: string }).serving).toBe(before);
  expect(card.versions.find((v: { status: string }) => v.status === 'rejected')).toBeTruthy();
});

it('refuses customers, client calls without a user, and malformed or unknown requests', async () => {
  const tick = { action: 'tick', kind: 'refit:sentiment' };
  expect((await c.call<Reply>('refit', tick, 'cust1')).error?.code).toBe('FORBIDDEN');
  expect((await c.call<Reply>('refit', tick, undefined, 'wx_client')).error?.code).toBe('FORBIDDEN');
  expect((await c.call<Reply>('refit', { action: 'explode' }, STAFF)).error?.code).toBe('INVALID_INPUT');
  const unknown = await c.call<Reply>('refit', { action: 'tick', kind: 'refit:nope' }, STAFF);
  expect(unknown.error?.code).toBe('NOT_FOUND');
  expect(unknown.error?.message).toMatch(/[\u4e00-\u9fff]/);
});
