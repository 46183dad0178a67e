/**
 * Adversarial: one customer's reviews cannot make the shop's sentiment model. The refit adapts the
 * shipped model to the newest rated reviews of the whole shop, and judges it on a held-back slice
 * of the same reviews — so a modified client writing hundreds of reviews with inverted stars
 * would be most of both the training and the judging data, and its model would serve everyone.
 * Real track (the client's path), real refit (the timer's), real SDK, local cloud.
 */
import { MAX_REVIEWS_PER_CUSTOMER } from '../../cloudfunctions/common/sentiment-adapt';
import { devFetch } from '../../scripts/local-cloud/auth/sign-request';
import type { Reply } from '../helpers/reply';
import { syntheticShop } from '../helpers/synthetic-shop';
import { ev, startStaffCloud, type IngestCloud } from '../integration/track-cloud';

jest.setTimeout(180_000);
const STAFF = 'staff_poison';
let c: IngestCloud;
beforeAll(async () => {
  c = await startStaffCloud(STAFF);
});
afterAll(async () => c?.close());

it('a refit takes at most MAX_REVIEWS_PER_CUSTOMER reviews of any one customer', async () => {
  // 300 honest rated reviews of 25 customers, an hour old.
  const at = Date.now() - 3_600_000;
  c.cloud.db.collection('events').insert(
    syntheticShop(300, 21).map((r, i) => ({
      _id: `cust${i % 25}:${r.key}`,
      openid: `cust${i % 25}`,
      name: 'review_submit',
      ts: at - i * 1000,
      props: { productId: 'p1', text: r.text, rating: r.label ? 5 : 1 },
    })) as never,
  );
  // 400 newer ones from one modified client, every star the opposite of its text.
  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, 'poisoner')).ok).toBe(true);
  const forged = syntheticShop(400, 22);
  for (let b = 0; b < 4; b++) {
    const events = forged
      .slice(b * 100, b * 100 + 100)
      .map((r) => ev({ name: 'review_submit', props: { productId: 'p1', categoryId: 'c1', text: r.text, rating: r.label ? 1 : 5 } }));
    const r = await c.call<Reply>('track', { events }, 'poisoner');
    expect(r.data?.accepted).toBe(100);
  }
  const res = await devFetch(c.cloud.url, c.cloud.credentials, '/dev/trigger/refit', 'POST');
  expect(res.status).toBe(200);
  const tick = ((await res.json()) as { result: Reply }).result;
  expect(tick.data.ticks[0]).toMatchObject({ kind: 'refit:sentiment', status: 'succeeded' });
  const models = await c.call<Reply>('admin', { action: 'models' }, STAFF);
  const card = models.data.find((m: { model: string }) => m.model === 'sentiment');
  expect(card.lastRefit.result.rated).toBe(300 + MAX_REVIEWS_PER_CUSTOMER);
});
