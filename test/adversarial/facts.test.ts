/**
 * Adversarial: facts only the server can vouch for (issue 10, findings 1, 5 and 6), through the
 * REAL functions, the real wx-server-sdk and the local cloud — the forged purchase both as a
 * mini-program client and through the h5 gateway.
 */
import { canonicalJson } from '../../cloudfunctions/common/profile/canonical';
import { pickReduced } from '../../cloudfunctions/common/profile/compact';
import { gatewayInvoker } from '../../scripts/replay/invoker';
import { ev, startIngestCloud, type IngestCloud } from '../integration/track-cloud';

import type { Reply } from '../helpers/reply';
import { sumDayCounter } from '../helpers/profiles';
import type { DayBucket } from '../../cloudfunctions/common/profile/types';
const DAY = 86_400_000;
let c: IngestCloud;
jest.setTimeout(240_000);

const order = (o: { orderId: string; amountFen: number; categoryId?: string }) => ({
  orderId: o.orderId,
  amountFen: o.amountFen,
  items: [{ productId: 'p1', categoryId: o.categoryId ?? 'cForged', quantity: 1, priceFen: o.amountFen }],
});
const buy = (daysAgo: number, fen: number) =>
  ev({
    name: 'purchase',
    clientTs: Date.now() - daysAgo * DAY,
    props: order({
      orderId: `h${Math.random().toString(36).slice(2, 10)}`,
      amountFen: fen,
      categoryId: 'c1',
    }),
  });
const sum = (p: { d?: unknown } | null | undefined, f: keyof DayBucket): number => sumDayCounter(p, f);
const consent = (openid: string) => c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, openid);
const segmentRun = () => c.call<Reply>('segment', { action: 'run' }, 'staff_demo');

beforeAll(async () => {
  c = await startIngestCloud(3);
  await c.cloud.db.collection('admins').insert({ _id: 'staff_demo', role: 'staff' });
  // Honest history (a trusted import): three loyal buyers and three dormant ones.
  for (let i = 0; i < 3; i++) {
    expect((await consent(`loyal${i}`)).ok).toBe(true);
    expect(
      (await c.importAs<Reply>(`loyal${i}`, [buy(1, 30000), buy(6, 25000), buy(33, 28000)])).data.accepted,
    ).toBe(3);
    expect((await consent(`gone${i}`)).ok).toBe(true);
    expect((await c.importAs<Reply>(`gone${i}`, [buy(300 + i, 1200)])).data.accepted).toBe(1);
  }
  expect((await consent('forger')).ok).toBe(true);
  expect((await c.call<Reply>('track', { events: [ev()] }, 'forger')).data.accepted).toBe(1);
  expect((await segmentRun()).ok).toBe(true);
});
afterAll(async () => c?.close());

describe('money and purchases are server facts', () => {
  it('a forged purchase (client and h5 gateway) changes no money, frequency, segment or staff stats', async () => {
    const profiles = c.cloud.db.collection('profiles');
    const before = profiles.get('forger')!;
    const statsBefore = (await c.call<Reply>('admin', { action: 'segments', refresh: true }, 'staff_demo'))
      .data;
    const forged = { orderId: 'nonexistent', amountFen: 100_000_000_000, categoryId: 'cForged' };
    const viaClient = await c.call<Reply>(
      'track',
      {
        events: [
          ev({ name: 'purchase', props: order(forged) }),
          ev({ name: 'order_submit', props: order(forged) }),
        ],
      },
      'forger',
    );
    expect(viaClient.data.results.map((r: { code?: string }) => r.code)).toEqual([
      'SERVER_FACT',
      'SERVER_FACT',
    ]);
    // Within the contract's money range too: the refusal is about who says it, not how much.
    const small = { orderId: 'nonexistent2', amountFen: 99_999, categoryId: 'cForged' };
    const viaGateway = (await gatewayInvoker(c.cloud.url)(
      'track',
      { events: [ev({ name: 'purchase', props: order(small) })] },
      'forger',
    )) as Reply;
    expect(viaGateway.data.results[0].code).toBe('SERVER_FACT');
    // A client cannot use the trusted import either, in-process or through the gateway.
    expect(
      (
        await c.call<Reply>(
          'track',
          { events: [ev({ name: 'purchase', props: order(small) })], importFor: 'forger' },
          'forger',
        )
      ).error?.code,
    ).toBe('FORBIDDEN');
    const gw = (await gatewayInvoker(c.cloud.url)(
      'track',
      { events: [ev({ name: 'purchase', props: order(small) })], importFor: 'forger' },
      'forger',
    )) as Reply;
    expect(gw.error?.code).toBe('FORBIDDEN');

    expect(
      c.cloud.db
        .collection('events')
        .count({ openid: 'forger', name: { $in: ['purchase', 'order_submit'] } }),
    ).toBe(0);
    expect((await segmentRun()).ok).toBe(true);
    const after = profiles.get('forger')!;
    expect(canonicalJson(pickReduced(after as never))).toBe(canonicalJson(pickReduced(before as never)));
    expect(sum(after, 'fen')).toBe(0);
    expect(sum(after, 'pu')).toBe(0);
    const f = after.features as Record<string, number | null>;
    expect(f.monetary_90d ?? 0).toBe(0);
    expect(f.frequency_365d ?? 0).toBe(0);
    const statsAfter = (await c.call<Reply>('admin', { action: 'segments', refresh: true }, 'staff_demo'))
      .data;
    expect(statsAfter.population.means.monetary_90d).toBeCloseTo(
      statsBefore.population.means.monetary_90d,
      6,
    );
    for (const s of statsAfter.segments) {
      expect(s.means.monetary_90d ?? 0).toBeLessThanOrEqual(830);
      expect(JSON.stringify(s.topCategories)).not.toContain('cForged');
    }
  });

  it('a real order enters the stream and the profile once, from the shop, and a rebuild agrees exactly', async () => {
    await c.cloud.db.collection('products').update({ _id: 'p2' }, { $set: { stock: 10, priceFen: 4200 } });
    const placed = await c.call<Reply>(
      'shop',
      { action: 'createOrder', items: [{ productId: 'p2', quantity: 2 }] },
      'forger',
    );
    expect(placed.ok).toBe(true);
    expect(placed.data.facts).toBe('recorded');
    const id = placed.data._id as string;
    const evs = c.cloud.db.collection('events').find({ openid: 'forger', origin: 'server' });
    expect(evs.map((e) => e.eventId).sort()).toEqual([`order_submit:${id}`, `purchase:${id}`]);
    const p = c.cloud.db.collection('profiles').get('forger')!;
    expect([sum(p, 'fen'), sum(p, 'pu'), p.pendingCount]).toEqual([8400, 1, 0]);
    const incremental = canonicalJson(pickReduced(p as never));
    let r = await c.call<Reply>('rebuild', { action: 'start', horizonDays: null }, undefined, 'wx_trigger');
    for (let i = 0; i < 10 && r.ok && r.data.full.state === 'running'; i++)
      r = await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger');
    expect(r.ok).toBe(true);
    expect(canonicalJson(pickReduced(c.cloud.db.collection('profiles').get('forger') as never))).toBe(
      incremental,
    );
  });

  it('an order whose facts never got recorded is recorded by the repair pass, once', async () => {
    const createdAt = Date.now() - 10 * 60_000;
    const stuck = {
      _id: 'ostuck1',
      openid: 'loyal0',
      items: [{ productId: 'p1', name: 'x', categoryId: 'c1', quantity: 1, priceFen: 777 }],
      amountFen: 777,
      status: 'paid',
      createdAt,
      facts: 'pending',
    };
    await c.cloud.db.collection('orders').insert(stuck);
    const fenBefore = sum(c.cloud.db.collection('profiles').get('loyal0'), 'fen');
    const r = await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger');
    expect(r.data.ordersRepaired).toBe(1);
    expect(c.cloud.db.collection('orders').get('ostuck1')!.facts).toBe('recorded');
    expect(sum(c.cloud.db.collection('profiles').get('loyal0'), 'fen')).toBe(fenBefore + 777);
    await c.cloud.db.collection('orders').update({ _id: 'ostuck1' }, { $set: { facts: 'pending' } });
    expect((await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger')).data.ordersRepaired).toBe(1);
    expect(c.cloud.db.collection('orders').get('ostuck1')!.facts).toBe('duplicate');
    expect(sum(c.cloud.db.collection('profiles').get('loyal0'), 'fen')).toBe(fenBefore + 777);
  });
});

describe('catalog truth and event time', () => {
  it('products and categories outside the catalog are rejected, nothing of them stored', async () => {
    const r = await c.call<Reply>(
      'track',
      {
        events: [
          ev({ props: { productId: 'nonexistent', categoryId: 'c1' } }),
          ev({
            name: 'add_to_cart',
            props: { productId: 'ghost', categoryId: 'cGhost', quantity: 3, priceFen: 100 },
          }),
          ev({ name: 'favorite', props: { productId: 'p1', categoryId: 'cMadeUp', on: true } }),
          ev({ name: 'product_view', props: { productId: 'q1', categoryId: 'c2' } }),
        ],
      },
      'forger',
    );
    expect(r.data.results.map((x: { code?: string; status: string }) => x.code ?? x.status)).toEqual([
      'UNKNOWN_PRODUCT',
      'UNKNOWN_PRODUCT',
      'CATEGORY_MISMATCH',
      'accepted',
    ]);
    const cats = JSON.stringify(c.cloud.db.collection('profiles').get('forger')!.d);
    expect(cats).not.toMatch(/cGhost|cMadeUp/);
    // A product created a second ago is accepted at once (the container cache looks up misses).
    await c.cloud.db
      .collection('products')
      .insert({ _id: 'fresh1', name: '新品', categoryId: 'c2', categoryName: 'c2', priceFen: 100, stock: 1 });
    expect(
      (
        await c.call<Reply>(
          'track',
          { events: [ev({ props: { productId: 'fresh1', categoryId: 'c2' } })] },
          'forger',
        )
      ).data.accepted,
    ).toBe(1);
  });

  it('clientTs 0 and seq 1e300 are refused; a back-dated clock is floored at receipt, never 1970', async () => {
    const r = await c.call<Reply>(
      'track',
      { events: [ev({ clientTs: 0 }), ev({ seq: 1e300 }), ev({ clientTs: Date.UTC(2001, 0, 1) })] },
      'forger',
    );
    expect(r.data.results.map((x: { code?: string; status: string }) => x.code ?? x.status)).toEqual([
      'INVALID_EVENT',
      'INVALID_EVENT',
      'accepted',
    ]);
    const stored = c.cloud.db.collection('events').find({ openid: 'forger' });
    expect(Math.min(...stored.map((e) => e.ts as number))).toBeGreaterThan(Date.now() - DAY);
    expect(stored.some((e) => e.seq === 1e300)).toBe(false);
    const p = c.cloud.db.collection('profiles').get('forger')!;
    expect(p.firstSeenAt as number).toBeGreaterThan(Date.now() - DAY);
  });
});

describe('orders', () => {
  it('5 lines × 99 of one product are merged and refused over the per-order cap', async () => {
    await c.cloud.db.collection('products').update({ _id: 'p3' }, { $set: { stock: 1000 } });
    const r = await c.call<Reply>(
      'shop',
      { action: 'createOrder', items: Array.from({ length: 5 }, () => ({ productId: 'p3', quantity: 99 })) },
      'forger',
    );
    expect(r.error).toMatchObject({ code: 'INVALID_INPUT', details: { maxUnitsPerProduct: 99 } });
    expect(c.cloud.db.collection('products').get('p3')!.stock).toBe(1000);
  });

  it('a doubled or retried checkout with one order key places one order, once; the key is the caller\'s own', async () => {
    const products = c.cloud.db.collection('products');
    await products.update({ _id: 'q7' }, { $set: { stock: 10 } });
    expect((await consent('retrier')).ok).toBe(true);
    const place = (openid: string) =>
      c.call<Reply>('shop', { action: 'createOrder', orderKey: 'checkout-1', items: [{ productId: 'q7', quantity: 2 }] }, openid);
    // A double tap and a retry racing the first call, then a retry after its answer was lost.
    const first = await Promise.all([place('retrier'), place('retrier'), place('retrier')]);
    expect(first.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
    const id = first[0].data._id as string;
    expect(first.map((r) => r.data._id)).toEqual([id, id, id]);
    expect((await place('retrier')).data._id).toBe(id);
    expect(c.cloud.db.collection('orders').count({ openid: 'retrier' })).toBe(1);
    expect(products.get('q7')!.stock).toBe(8);
    expect(c.cloud.db.collection('events').count({ openid: 'retrier', name: 'purchase' })).toBe(1);
    // Another customer's same key is their own order, not a look at the first one.
    const other = await place('retrier2');
    expect(other.ok).toBe(true);
    expect(other.data._id).not.toBe(id);
    expect(other.data.openid).toBe('retrier2');
    expect(products.get('q7')!.stock).toBe(6);
  });

  it('orders bound to fail hold no stock, even for a moment, under concurrency', async () => {
    const products = c.cloud.db.collection('products');
    await products.update({ _id: 'q5' }, { $set: { stock: 1 } });
    await products.update({ _id: 'q6' }, { $set: { stock: 5 } });
    // Every stock update on the wire, by the call that sent it (its function's API token says
    // which customer's call it is) and product: a failing order must send none.
    const wire = c.cloud.registry;
    const original = wire.resolve('database.modifyDocument')!;
    const touched: Array<{ by: string; product: string }> = [];
    wire.register('database.modifyDocument', async (req) => {
      const body = JSON.stringify(req.body);
      if (body.includes('products') && body.includes('stock')) {
        const token = typeof req.body.wxCloudApiToken === 'string' ? req.body.wxCloudApiToken : undefined;
        const by = c.cloud.runtime.resolveToken(token)?.openid ?? '(no caller)';
        touched.push({ by, product: body.includes('q6') ? 'q6' : body.includes('q5') ? 'q5' : '?' });
      }
      return original(req);
    });
    try {
      // 6 orders bound to fail (2 × q5, only 1 left) race 4 honest buyers of the 5 × q6.
      const doomed = Array.from({ length: 6 }, (_, i) =>
        c.call<Reply>(
          'shop',
          {
            action: 'createOrder',
            items: [
              { productId: 'q6', quantity: 5 },
              { productId: 'q5', quantity: 2 },
            ],
          },
          `doomed${i}`,
        ),
      );
      const honest = Array.from({ length: 4 }, (_, i) =>
        c.call<Reply>(
          'shop',
          { action: 'createOrder', items: [{ productId: 'q6', quantity: 5 }] },
          `honest${i}`,
        ),
      );
      const [d, h] = await Promise.all([Promise.all(doomed), Promise.all(honest)]);
      expect(d.every((r) => r.error?.code === 'CONFLICT')).toBe(true);
      expect(h.map((r) => r.error?.code ?? 'ok').sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'ok']);
      const winner = `honest${h.findIndex((r) => r.ok)}`;
      // Per call, not a total: the doomed send nothing; the winner exactly its take; a loser at most
      // its one refused take (none if it read the stock already gone) — never a take and a give-back.
      const sent = (by: string) => touched.filter((t) => t.by === by).map((t) => t.product);
      for (let i = 0; i < 6; i++) expect([`doomed${i}`, sent(`doomed${i}`)]).toEqual([`doomed${i}`, []]);
      expect(sent(winner)).toEqual(['q6']);
      for (let i = 0; i < 4; i++) if (`honest${i}` !== winner) expect(sent(`honest${i}`).length).toBeLessThanOrEqual(1);
      expect(touched.filter((t) => !/^(doomed|honest)\d$/.test(t.by))).toEqual([]);
    } finally {
      wire.register('database.modifyDocument', original);
    }
    expect([products.get('q5')!.stock, products.get('q6')!.stock]).toEqual([1, 0]);
  });
});
