/**
 * The `shop` function's boundary, fuzzed through the real runtime and SDK: any event from a
 * customer gets success or a declared refusal; a refusal writes nothing; an order is recorded
 * whole or not at all, with the catalog's prices and the context's OPENID whatever the event says.
 */
import fc from 'fast-check';
import { dbFingerprint, expectDeclaredAnswer, fuzzRuns, hostileEvent, isRefusal } from '../helpers/boundary-fuzz';
import { startIngestCloud, type IngestCloud } from '../integration/track-cloud';

let c: IngestCloud;
beforeAll(async () => {
  c = await startIngestCloud(1);
});
afterAll(() => c?.close());

const CODES = ['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'UNKNOWN_ACTION', 'NOT_FOUND', 'CONFLICT'] as const;
const target = {
  actions: ['listProducts', 'getProduct', 'createOrder', 'listOrders', 'listTemplates', 'listCategories'],
  valid: [
    { action: 'listProducts', categoryId: 'c1', q: '商品', page: 0 },
    // Search text is matched as text, never as a pattern (db-ports: audience/name-search.ts nameContains).
    { action: 'listProducts', q: '(a+)+$.*[', page: 1 },
    { action: 'getProduct', productId: 'p1' },
    { action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }] },
    { action: 'createOrder', items: [{ productId: 'p2', quantity: 2 }, { productId: 'q1', quantity: 1 }] },
    { action: 'listOrders' },
  ],
};

it('answers any customer event with success or a declared refusal, and a refusal writes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(hostileEvent(target), async (event) => {
      const before = dbFingerprint(c.cloud);
      const reply = await c.call('shop', event, 'o_fuzz');
      expectDeclaredAnswer(reply, CODES);
      if (isRefusal(reply)) expect(dbFingerprint(c.cloud)).toBe(before);
    }),
    { numRuns: fuzzRuns(60) },
  );
}, 120_000);

it('records an order for the caller only, at catalog prices, whole or not at all', async () => {
  const victim = 'o_victim';
  const seen = { ok: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          productId: fc.constantFrom('p1', 'p2', 'q1', 'p1', 'q2', 'nope'),
          // Mostly orders a customer can place (so both outcomes are exercised), some beyond the bounds.
          quantity: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 4 }, { arbitrary: fc.integer({ min: -1, max: 120 }), weight: 1 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      fc.constantFrom({ openid: victim }, { userInfo: { openId: victim } }, { _openid: victim }, {}, {}, { userInfo: { openId: victim, appId: 'wx_other' } }),
      async (items, claim) => {
        const ordersBefore = c.cloud.db.collection('orders').count();
        const reply = (await c.call('shop', { action: 'createOrder', items, ...claim }, 'o_buyer')) as { ok: boolean; data?: { _id?: string; orderId?: string } };
        expectDeclaredAnswer(reply, CODES);
        expect(c.cloud.db.collection('orders').count({ openid: victim })).toBe(0);
        seen[reply.ok ? 'ok' : 'refused']++;
        if (!reply.ok) {
          expect(c.cloud.db.collection('orders').count()).toBe(ordersBefore);
          return;
        }
        expect(c.cloud.db.collection('orders').count()).toBe(ordersBefore + 1);
        const order = c.cloud.db.collection('orders').find({}, { sort: { createdAt: -1 }, limit: 1 })[0] as { openid: string; amountFen: number; items: Array<{ quantity: number; priceFen: number }> };
        expect(order.openid).toBe('o_buyer');
        expect(order.amountFen).toBe(order.items.reduce((s, l) => s + l.quantity * l.priceFen, 0));
        expect(order.items.every((l) => l.priceFen === 1000 && Number.isInteger(l.quantity) && l.quantity > 0)).toBe(true);
      },
    ),
    { numRuns: fuzzRuns(25) },
  );
  console.info(`[boundary/shop] createOrder: ${seen.ok} recorded, ${seen.refused} refused`);
  expect(seen.ok).toBeGreaterThan(0);
}, 120_000);
