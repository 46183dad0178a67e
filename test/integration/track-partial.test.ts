/**
 * track through the REAL function (esbuild bundle, child process, real wx-server-sdk) against the
 * local cloud: partial success, consent refusal, payload openid ignored, limits.
 */
import { ev, startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
import type { DayBucket } from '../../cloudfunctions/common/profile/types';

const verdicts = (r: Reply): string[] =>
  (r.data.results as Array<{ status: string; code?: string }>).map((x) => `${x.status}:${x.code ?? ''}`);
let c: IngestCloud;

beforeAll(async () => {
  c = await startIngestCloud(2);
});
afterAll(async () => c?.close());

describe('track', () => {
  it('refuses without server-side consent (CONSENT_REQUIRED), stores nothing', async () => {
    const r = await c.call<Reply>('track', { events: [ev()] }, 'u_noconsent');
    expect(r.ok).toBe(false);
    expect(r.error!.code).toBe('CONSENT_REQUIRED');
    expect(c.cloud.db.collection('events').count({ openid: 'u_noconsent' })).toBe(0);
  });

  it('refuses an anonymous call (UNAUTHENTICATED)', async () => {
    const r = await c.call<Reply>('track', { events: [ev()] }, undefined);
    expect(r.error?.code).toBe('UNAUTHENTICATED');
  });

  it('answers per event: accepted, duplicate, rejected with stable codes', async () => {
    const set = await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, 'u1');
    expect(set.ok).toBe(true);
    const good = ev();
    const events = [
      good,
      { ...good }, // same eventId in the batch
      ev({ props: { productId: 'p1', categoryId: 'c1', $where: 'x' } }),
      ev({ name: 'teleport' }),
      ev({ name: 'review_submit', props: { productId: 'p1', text: 'x'.repeat(2001), rating: 5 } }),
      ev({ name: 'add_to_cart', props: { productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 1.5 } }),
      ev({
        name: 'purchase',
        props: {
          orderId: 'o1',
          amountFen: 1990,
          items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 1990 }],
        },
      }),
    ];
    const r = await c.call<Reply>('track', { events }, 'u1');
    expect(r.ok).toBe(true);
    const s = verdicts(r);
    expect(s).toEqual([
      'accepted:',
      'duplicate:DUPLICATE',
      'rejected:INVALID_KEY',
      'rejected:UNKNOWN_EVENT',
      'rejected:TEXT_TOO_LONG',
      'rejected:INVALID_EVENT',
      'rejected:SERVER_FACT', // purchases are recorded by shop.createOrder, never by a client
    ]);
    expect(r.data.profile).toBe('applied');
    const again = await c.call<Reply>('track', { events: [good] }, 'u1');
    expect(again.data.results[0].status).toBe('duplicate');
    const p = c.cloud.db.collection('profiles').get('u1')!;
    const day = Object.values(p.d as Record<string, DayBucket>)[0];
    expect(day.e).toBe(1);
    expect(day.pu).toBeUndefined();
    expect(day.fen).toBeUndefined();
    expect(c.cloud.db.collection('events').count({ openid: 'u1' })).toBe(1);
    expect(p.pendingCount).toBe(0);
    expect(p.pending).toEqual({});
  });

  it('refuses empty and NUL field names from a client (INVALID_KEY) and stores none of them', async () => {
    await c.call('privacy', { action: 'setConsent', version: 1 }, 'u_keys');
    const events = [
      ev({ props: { productId: 'p1', categoryId: 'c1', '': 1 } }),
      ev({ props: { productId: 'p1', categoryId: 'c1', 'q\u0000': 1 } }),
      ev({ '\u0000': 'x' }),
      ev(),
    ];
    const r = await c.call<Reply>('track', { events }, 'u_keys');
    expect(verdicts(r)).toEqual(['rejected:INVALID_KEY', 'rejected:INVALID_KEY', 'rejected:INVALID_KEY', 'accepted:']);
    expect(c.cloud.db.collection('events').count({ openid: 'u_keys' })).toBe(1);
  });

  it('ignores a payload openid: events belong to the caller', async () => {
    await c.call('privacy', { action: 'setConsent', version: 1 }, 'u2');
    const r = await c.call<Reply>('track', { openid: 'victim', events: [ev({ openid: 'victim' })] }, 'u2');
    expect(r.data.accepted).toBe(1);
    expect(c.cloud.db.collection('events').count({ openid: 'u2' })).toBe(1);
    expect(c.cloud.db.collection('events').count({ openid: 'victim' })).toBe(0);
    expect(c.cloud.db.collection('profiles').get('victim')).toBeNull();
  });

  it('refuses over-limit requests whole with clear errors', async () => {
    const many = Array.from({ length: 101 }, () => ev());
    expect((await c.call<Reply>('track', { events: many }, 'u1')).error?.code).toBe('PAYLOAD_TOO_LARGE');
    const fat = Array.from({ length: 100 }, () =>
      ev({ name: 'review_submit', props: { productId: 'p1', text: '好'.repeat(1000), rating: 5 } }),
    );
    expect((await c.call<Reply>('track', { events: fat }, 'u1')).error?.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await c.call<Reply>('track', { events: 'nope' }, 'u1')).error?.code).toBe('INVALID_INPUT');
    expect((await c.call<Reply>('track', { events: [], $where: 1 }, 'u1')).error?.code).toBe('INVALID_INPUT');
  });
});
