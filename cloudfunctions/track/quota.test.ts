/**
 * The daily ingestion quota through the whole track pipeline (memory ports): batches of random
 * sizes at random times across Beijing midnights, checked against a model that counts per
 * receive day. A batch with no room is refused whole (RATE_LIMITED), nothing of it stored,
 * marked or counted; the next Beijing day starts from zero.
 */
import fc from 'fast-check';
import { QxError } from '../common/contracts/errors';
import { dayKey } from '../common/profile/day';
import type { TrackContext } from './context';
import { IngestGuard } from './ingest-guard';
import { handleTrack } from './pipeline';
import { nextBeijingDay, type RateLimitDetails } from './quota';
import { memoryPorts, type MemoryPorts } from './testing/memory-ports';

// 2025-01-01 22:00 in Beijing: the first day boundary is two hours in.
const START = Date.UTC(2025, 0, 1, 14);
const HOUR = 3_600_000;
let k = 0;
const ev = (now: number, over: Record<string, unknown> = {}) => ({
  eventId: `e${++k}`,
  name: 'product_view',
  seq: k,
  deviceId: 'd1',
  sessionId: 's1',
  clientTs: now - 1000,
  props: { productId: 'p1', categoryId: 'c1' },
  ...over,
});

function consenting(): MemoryPorts {
  const p = memoryPorts();
  p.consentDocs.set('u1', { _id: 'u1', openid: 'u1', version: 1, granted: true, grantedAt: 1, personalization: true });
  return p;
}

const ctx = (ports: MemoryPorts, now: number, quota: number, guard?: IngestGuard, trust: 'client' | 'import' = 'client'): TrackContext => ({
  openid: 'u1',
  trust,
  now,
  batchId: `b${++k}`,
  ports,
  scorer: null,
  log: () => undefined,
  profile: 'none',
  quota,
  ...(guard ? { guard } : {}),
});

/** The refusal `fn` threw, or null when it answered. */
async function refusal(fn: () => Promise<unknown>): Promise<QxError | null> {
  try {
    await fn();
    return null;
  } catch (err) {
    if (err instanceof QxError) return err;
    throw err;
  }
}

it('property: a batch is stored whole while the receive day has room, refused whole otherwise', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 5, max: 40 }),
      fc.array(fc.record({ size: fc.integer({ min: 1, max: 15 }), gapMin: fc.integer({ min: 0, max: 180 }) }), { minLength: 1, maxLength: 25 }),
      async (max, batches) => {
        const ports = consenting();
        const used = new Map<string, number>();
        let now = START;
        for (const b of batches) {
          now += b.gapMin * 60_000;
          const day = dayKey(now);
          const before = ports.eventDocs.size;
          const events = Array.from({ length: b.size }, () => ev(now));
          const room = (used.get(day) ?? 0) + b.size <= max;
          const err = await refusal(() => handleTrack({ events }, ctx(ports, now, max)));
          if (room) {
            expect(err).toBeNull();
            used.set(day, (used.get(day) ?? 0) + b.size);
            expect(ports.eventDocs.size).toBe(before + b.size);
          } else {
            expect(err?.code).toBe('RATE_LIMITED');
            // A batch larger than the whole quota is refused without reading the day's count.
            const seen = b.size > max ? {} : { used: used.get(day) ?? 0 };
            expect(err?.details).toEqual<RateLimitDetails>({ scope: 'day', limit: max, ...seen, retryAt: nextBeijingDay(now) });
            expect(ports.eventDocs.size).toBe(before);
          }
          const p = ports.profileDocs.get('u1');
          const q = p?.q as { day: string; n: number } | undefined;
          expect(q?.day === day ? q.n : 0).toBe(used.get(day) ?? 0);
          expect(p?.pendingCount ?? 0).toBe(0); // a refused batch leaves no pending mark
        }
      },
    ),
    { numRuns: 60 },
  );
});

it('the next Beijing day starts from zero: retryAt is its first millisecond', () => {
  const at = Date.UTC(2025, 0, 1, 15, 59, 59, 999); // 23:59:59.999 in Beijing
  expect(nextBeijingDay(at)).toBe(at + 1);
  expect(dayKey(nextBeijingDay(at))).not.toBe(dayKey(at));
  expect(dayKey(nextBeijingDay(at) - 1)).toBe(dayKey(at));
});

it('dropped events are not counted; imports and a batch over the quota by itself are handled', async () => {
  const ports = consenting();
  const now = START;
  // Unknown products are dropped before the claim: only the two valid events count.
  const mixed = [ev(now), ev(now), ev(now, { props: { productId: 'nope', categoryId: 'c1' } })];
  const r = await handleTrack({ events: mixed }, ctx(ports, now, 3));
  expect(r.accepted).toBe(2);
  expect(ports.profileDocs.get('u1')!.q).toEqual({ day: dayKey(now), n: 2 });
  // An operator's history import is not counted and not refused.
  await handleTrack({ events: [ev(now), ev(now)] }, ctx(ports, now, 3, undefined, 'import'));
  expect(ports.profileDocs.get('u1')!.q).toEqual({ day: dayKey(now), n: 2 });
  // A batch larger than the whole quota is refused without a request to the profile.
  const err = await refusal(() => handleTrack({ events: [ev(now), ev(now), ev(now), ev(now)] }, ctx(ports, now + 3 * HOUR, 3)));
  expect(err?.code).toBe('RATE_LIMITED');
  expect(err?.message).toContain('每位用户每天 3 条');
});

it('a container that saw the day without room for a batch refuses as large a one without asking the database, until the next day', async () => {
  const ports = consenting();
  const guard = new IngestGuard({ capacity: 1_000, refillMs: 1 });
  let opened = 0;
  const openBatch = ports.profiles.openBatch;
  ports.profiles.openBatch = (...a) => (opened++, openBatch(...a));
  const send = (now: number, n: number) => refusal(() => handleTrack({ events: Array.from({ length: n }, () => ev(now)) }, ctx(ports, now, 5, guard)));
  expect(await send(START, 3)).toBeNull();
  expect((await send(START, 3))?.details).toMatchObject({ scope: 'day', used: 3 }); // asked: room 2
  const asked = opened;
  expect((await send(START + 1000, 3))?.details).toMatchObject({ scope: 'day', used: 3 }); // as large: not asked
  expect(opened).toBe(asked);
  expect(await send(START + 2000, 2)).toBeNull(); // fits the room seen: asked, stored
  expect(opened).toBe(asked + 1);
  expect((await send(START + 3000, 1))?.code).toBe('RATE_LIMITED'); // asked: the day is full now
  expect((await send(START + 4000, 1))?.details).toMatchObject({ used: 5 });
  expect(opened).toBe(asked + 2);
  const tomorrow = nextBeijingDay(START);
  expect(await send(tomorrow, 3)).toBeNull();
  expect(opened).toBe(asked + 3);
  expect(ports.eventDocs.size).toBe(3 + 2 + 3);
});

it('burst guard: a full bucket of batches back to back, then one per refill', async () => {
  const ports = consenting();
  const guard = new IngestGuard({ capacity: 3, refillMs: 1_000 });
  const send = (now: number) => refusal(() => handleTrack({ events: [ev(now)] }, ctx(ports, now, 1_000, guard)));
  for (let i = 0; i < 3; i++) expect(await send(START)).toBeNull();
  const err = await send(START + 400);
  expect(err?.code).toBe('RATE_LIMITED');
  expect(err?.details).toEqual<RateLimitDetails>({ scope: 'burst', limit: 3, retryAt: START + 1_000 });
  expect(await send(START + 1_000)).toBeNull();
  expect((await send(START + 1_001))?.code).toBe('RATE_LIMITED');
  expect(ports.eventDocs.size).toBe(4);
});

it('property: the burst guard lets through at most capacity + elapsed/refill batches', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 200 }), (gaps) => {
      const guard = new IngestGuard({ capacity: 5, refillMs: 1_000 });
      let now = START;
      let passed = 0;
      for (const g of gaps) {
        now += g;
        const wait = guard.takeToken('u', now);
        if (wait === 0) passed++;
        else expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(1_000);
      }
      expect(passed).toBeLessThanOrEqual(5 + Math.floor((now - START) / 1_000));
    }),
  );
});
