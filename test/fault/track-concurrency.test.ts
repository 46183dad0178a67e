/**
 * Fault tests of the track function (REAL function runtime + SDK + local cloud):
 * - many different batches of one customer at once → no lost update;
 * - the same batch retried concurrently → every event stored and counted once;
 * - a profile update that fails after the events were stored (a crash between store and update)
 *   → reply says `deferred`, the pending mark stays, and the rebuild job's repair pass recomputes
 *   the profile exactly from raw events.
 */
import { foldEvents } from '../../cloudfunctions/common/profile/apply';
import { canonicalJson } from '../../cloudfunctions/common/profile/canonical';
import { compactProfile, pickReduced } from '../../cloudfunctions/common/profile/compact';
import type { StoredEvent } from '../../cloudfunctions/common/profile/types';
import { ev, startIngestCloud, type IngestCloud } from '../integration/track-cloud';

import type { Reply } from '../helpers/reply';
import { sumDayCounter } from '../helpers/profiles';
let c: IngestCloud;
jest.setTimeout(120_000);

beforeAll(async () => {
  c = await startIngestCloud(4);
  for (const u of ['f1', 'f2', 'f3'])
    expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, u)).ok).toBe(true);
});
afterAll(async () => c?.close());

// Purchases are server facts: these suites load them as a trusted import (the same store and
// profile path a client batch takes).
const buy = (fen: number) =>
  ev({
    name: 'purchase',
    props: {
      orderId: `o${fen}`,
      amountFen: fen,
      items: [{ productId: 'p', categoryId: 'c', quantity: 1, priceFen: fen }],
    },
  });
const sumDays = sumDayCounter;

it('concurrent different batches of one customer: no lost update', async () => {
  const batches = Array.from({ length: 24 }, (_, b) =>
    Array.from({ length: 50 }, (_x, i) => buy(b * 1000 + i + 1)),
  );
  const replies = await Promise.all(batches.map((events) => c.importAs<Reply>('f1', events)));
  expect(replies.every((r) => r.ok && r.data.accepted === 50 && r.data.profile === 'applied')).toBe(true);
  const p = c.cloud.db.collection('profiles').get('f1')!;
  const fen = batches.flat().reduce((s, e) => s + Number((e.props as { amountFen: number }).amountFen), 0);
  expect(sumDays(p, 'pu')).toBe(1200);
  expect(sumDays(p, 'fen')).toBe(fen);
  expect(p.pendingCount).toBe(0);
});

it('the same batch retried 6 times at once: stored once, counted once', async () => {
  const events = Array.from({ length: 100 }, (_, i) => buy(i + 1));
  const replies = await Promise.all(
    Array.from({ length: 6 }, () => c.importAs<Reply>('f2', events)),
  );
  expect(replies.every((r) => r.ok)).toBe(true);
  expect(replies.reduce((s, r) => s + r.data.accepted, 0)).toBe(100);
  expect(replies.reduce((s, r) => s + r.data.duplicate, 0)).toBe(500);
  expect(c.cloud.db.collection('events').count({ openid: 'f2' })).toBe(100);
  const p = c.cloud.db.collection('profiles').get('f2')!;
  expect(sumDays(p, 'pu')).toBe(100);
  expect(sumDays(p, 'fen')).toBe(5050);
  expect(p.pendingCount).toBe(0);
});

it('a crash between storing events and updating the profile is repaired by the rebuild job', async () => {
  const db = c.cloud.db;
  expect((await c.importAs<Reply>('f3', [buy(100)])).data.profile).toBe('applied');
  // Fault hook on the database wire: when the track instance sends f3's profile update (the one
  // that applies increments and clears the pending mark, i.e. AFTER its events were stored),
  // SIGKILL the instance before the update is applied — a real crash at the worst moment.
  const wire = c.cloud.registry;
  const original = wire.resolve('database.modifyDocument')!;
  let crashed = 0;
  wire.register('database.modifyDocument', async (req) => {
    const body = JSON.stringify(req.body);
    if (crashed === 0 && body.includes('profiles') && body.includes('f3') && body.includes('$unset')) {
      crashed++;
      for (const i of c.cloud.runtime.instances('track'))
        if (i.pid && i.state === 'busy') process.kill(i.pid, 'SIGKILL');
      return { kind: 'json', body: { code: 'SYS_ERR', message: 'instance killed', requestId: 'fault' } };
    }
    return original(req);
  });
  const lost = [buy(200), buy(300)];
  await expect(c.importAs<Reply>('f3', lost)).rejects.toThrow();
  wire.register('database.modifyDocument', original);
  expect(crashed).toBe(1);
  expect(db.collection('events').count({ openid: 'f3' })).toBe(3);
  const broken = db.collection('profiles').get('f3')!;
  expect(sumDays(broken, 'fen')).toBe(100);
  expect(broken.pendingCount).toBe(1);
  // A retry cannot double-apply: everything is a duplicate.
  expect((await c.importAs<Reply>('f3', lost)).data.duplicate).toBe(2);

  // Fresh marks mean "in flight": the rebuild keeps its hands off.
  let rep = await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger');
  expect(rep.data.repaired).toBe(0);
  // Two minutes later (the call is long dead): age the mark, as the clock would.
  const [batch] = Object.keys(broken.pending as Record<string, number>);
  await db
    .collection('profiles')
    .update({ _id: 'f3' }, { $set: { [`pending.${batch}`]: Date.now() - 180_000 } });
  rep = await c.call<Reply>('rebuild', {}, undefined, 'wx_trigger');
  expect(rep.ok).toBe(true);
  expect(rep.data.repaired).toBe(1);
  const fixed = db.collection('profiles').get('f3')!;
  const events = db.collection('events').find({ openid: 'f3' }) as unknown as StoredEvent[];
  expect(canonicalJson(pickReduced(fixed as never))).toBe(canonicalJson(compactProfile(foldEvents(events))));
  expect(sumDays(fixed, 'fen')).toBe(600);
  expect(fixed.pendingCount).toBe(0);
  expect(fixed.pending ?? {}).toEqual({});
});

it('refuses rebuild calls from clients', async () => {
  expect((await c.call<Reply>('rebuild', { action: 'start' }, 'f1', 'wx_client')).error?.code).toBe(
    'FORBIDDEN',
  );
  expect((await c.call<Reply>('retention', {}, 'f1', 'wx_client')).error?.code).toBe('FORBIDDEN');
});
