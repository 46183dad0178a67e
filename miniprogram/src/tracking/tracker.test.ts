import fc from 'fast-check';
import { contractValidator } from './contract-validator';
import { FakeClock, FakeTrackServer, MemoryStorage, settle } from './test-fakes';
import { Tracker, type TrackerOptions } from './tracker';

function setup(over: Partial<TrackerOptions> = {}) {
  const storage = new MemoryStorage();
  const clock = new FakeClock();
  const server = new FakeTrackServer();
  const errors: string[] = [];
  const logger = { debug: () => undefined, error: (m: string) => errors.push(m) };
  const make = () => new Tracker({ storage, clock, transport: server, validate: contractValidator, logger, random: () => 0.5, ...over });
  const tracker = make();
  tracker.start();
  return { storage, clock, server, tracker, errors, make };
}

const view = (i: number) => ({ productId: `p${i}`, categoryId: 'c1', priceFen: 100 + i });

/** A consenting customer's `n` views, queued on the device while the network is down (one failed flush). */
async function offlineQueueOf(n: number) {
  const t = setup();
  t.tracker.grantConsent('v1');
  for (let i = 0; i < n; i++) t.tracker.track('product_view', view(i));
  t.server.failWith = { kind: 'network', message: 'offline' };
  await t.clock.advance(11_000);
  return t;
}

describe('Tracker consent gate', () => {
  it('captures nothing before consent and nothing after refusal', async () => {
    const { tracker, server, clock, storage } = setup();
    expect(tracker.track('product_view', view(1))).toBe(false);
    tracker.denyConsent('v1');
    expect(tracker.track('product_view', view(2))).toBe(false);
    await clock.advance(60_000);
    expect(server.requests).toHaveLength(0);
    expect(storage.keys().some((k) => k.startsWith('qx.q.'))).toBe(false);
    expect(tracker.stats.dropped.noConsent).toBe(2);
  });

  it('withdrawal purges the queue at once, ignores in-flight replies, then asks the server to delete', async () => {
    const { tracker, server, clock, storage } = await offlineQueueOf(5);
    const order: string[] = [];
    const purged = await tracker.withdrawConsent(async () => {
      order.push(`delete with queue=${tracker.queueSize}`);
    });
    expect(purged).toBe(5);
    expect(order).toEqual(['delete with queue=0']);
    expect(storage.keys().filter((k) => k.startsWith('qx.q.'))).toEqual([]);
    server.failWith = null;
    await clock.advance(600_000);
    expect(server.stored.size).toBe(0);
    expect(tracker.track('product_view', view(9))).toBe(false);
  });
});

describe('Tracker data deletion (consent kept)', () => {
  it('lets a batch in flight land before the server deletes (the erasure takes it)', async () => {
    const { tracker, server } = setup({ flushAt: 3 });
    tracker.grantConsent('v1');
    for (let i = 0; i < 3; i++) tracker.track('product_view', view(i)); // a batch leaves
    const order: string[] = [];
    await tracker.deleteData(async () => void order.push(`delete with stored=${server.stored.size} queue=${tracker.queueSize}`));
    expect(order).toEqual(['delete with stored=3 queue=0']);
  });

  it('drops what waits on the device, so nothing from before the deletion arrives after it; capture goes on', async () => {
    const { tracker, server, clock, storage } = await offlineQueueOf(5);
    const purged = await tracker.deleteData(async () => server.stored.clear());
    expect(purged).toBe(5);
    expect(storage.keys().filter((k) => k.startsWith('qx.q.'))).toEqual([]);
    server.failWith = null;
    await clock.advance(600_000);
    expect(server.stored.size).toBe(0);
    expect(tracker.track('product_view', view(9))).toBe(true);
    await clock.advance(11_000);
    expect(server.stored.size).toBe(1);
  });
});

describe('Tracker delivery', () => {
  it('flushes on size, on interval and on app hide', async () => {
    const { tracker, server, clock } = setup({ flushAt: 3, flushIntervalMs: 5000 });
    tracker.grantConsent('v1');
    tracker.track('product_view', view(1));
    tracker.track('product_view', view(2));
    await settle();
    expect(server.requests).toHaveLength(0);
    tracker.track('product_view', view(3));
    await settle();
    expect(server.requests).toHaveLength(1);
    tracker.track('product_view', view(4));
    await clock.advance(4999);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    expect(server.requests).toHaveLength(2);
    tracker.track('product_view', view(5));
    tracker.appHidden();
    await settle();
    expect(server.requests).toHaveLength(3);
    expect(server.stored.size).toBe(5);
  });

  it('drops invalid events in development with an error, never throws', () => {
    const { tracker, errors } = setup();
    tracker.grantConsent('v1');
    expect(tracker.trackUnchecked('no_such_event', {})).toBe(false);
    expect(tracker.track('add_to_cart', { productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 1.5 })).toBe(false);
    expect(tracker.trackUnchecked('purchase', { orderId: 'o1', amountFen: 1, items: [] })).toBe(false);
    expect(errors.join('\n')).toMatch(/unknown event name[\s\S]*bad props for "add_to_cart"[\s\S]*"purchase" is a server fact/);
    expect(tracker.queueSize).toBe(0);
  });

  it('never throws into the host app when storage explodes', () => {
    const { tracker, storage } = setup();
    tracker.grantConsent('v1');
    storage.set = () => {
      throw new Error('quota');
    };
    expect(() => tracker.track('product_view', view(1))).not.toThrow();
    expect(tracker.stats.persistFailed).toBe(1);
    expect(tracker.queueSize).toBe(1);
  });

  it('drops poison events and keeps going', async () => {
    const { tracker, server, clock } = setup();
    tracker.grantConsent('v1');
    server.rejectNames.add('search');
    tracker.track('search', { query: 'x', resultCount: 0 });
    tracker.track('product_view', view(1));
    await clock.advance(11_000);
    expect(tracker.queueSize).toBe(0);
    expect(tracker.stats.rejected).toBe(1);
    expect([...server.stored.values()].map((e) => e.name)).toEqual(['product_view']);
  });

  it('a restart sends what the previous run persisted, with fresh, higher sequence numbers after', async () => {
    const { tracker, server, make, clock } = setup();
    tracker.grantConsent('v1');
    server.failWith = { kind: 'http', status: 502 };
    for (let i = 0; i < 4; i++) tracker.track('product_view', view(i));
    tracker.dispose();
    const maxSeq = Math.max(...tracker.pending().map((e) => e.seq));
    server.failWith = null;
    const next = make();
    next.start();
    next.track('product_view', view(99));
    await clock.advance(11_000);
    expect(server.stored.size).toBe(5);
    const last = [...server.stored.values()].find((e) => e.props && (e.props as { productId: string }).productId === 'p99');
    expect(last?.seq).toBeGreaterThan(maxSeq);
  });

  it('property: whatever the failures, every event within bounds is stored exactly once, in seq order per request', async () => {
    const failure = fc.constantFrom<({ kind: 'network'; message: string } | { kind: 'timeout' } | { kind: 'http'; status: number }) | null>(
      null,
      { kind: 'network', message: 'down' },
      { kind: 'timeout' },
      { kind: 'http', status: 503 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), failure, fc.integer({ min: 0, max: 20_000 })), { minLength: 1, maxLength: 25 }), async (steps) => {
        const { tracker, server, clock } = setup({ flushAt: 5, backoff: { baseMs: 500, maxMs: 8000 } });
        tracker.grantConsent('v1');
        let n = 0;
        for (const [count, fail, wait] of steps) {
          server.failWith = fail;
          for (let i = 0; i < count; i++) tracker.track('product_view', view(n++));
          await clock.advance(wait);
        }
        server.failWith = null;
        await clock.advance(120_000);
        expect(tracker.queueSize).toBe(0);
        expect(server.stored.size).toBe(n);
        const all = server.requests.flat();
        // every request is in increasing seq order, so the server sees each device's order
        for (const r of server.requests) expect(r.map((e) => e.seq)).toEqual([...r.map((e) => e.seq)].sort((a, b) => a - b));
        expect(new Set(all.map((e) => e.eventId)).size).toBe(n);
      }),
      { numRuns: 60 },
    );
  });

  it('backs off exponentially while the channel is down', async () => {
    const { tracker, server, clock } = setup({ backoff: { baseMs: 1000, maxMs: 60_000 } });
    tracker.grantConsent('v1');
    server.failWith = { kind: 'network', message: 'down' };
    tracker.track('product_view', view(1));
    await clock.advance(10_000); // interval flush → attempt 0 fails
    const times: number[] = [];
    const send = server.send.bind(server);
    server.send = async (e) => {
      times.push(clock.now());
      return send(e);
    };
    await clock.advance(200_000);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps.length).toBeGreaterThan(3);
    for (let i = 1; i < Math.min(gaps.length, 5); i++) expect(gaps[i] as number).toBeGreaterThan(gaps[i - 1] as number);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
  });
});

describe('Tracker consent out of sync', () => {
  it('forgetConsent stops capture, empties the queue and asks again', () => {
    const { tracker, storage } = setup();
    tracker.grantConsent('1');
    tracker.track('product_view', view(1));
    tracker.forgetConsent();
    expect(tracker.consentState).toBeNull();
    expect(tracker.queueSize).toBe(0);
    expect(storage.keys().filter((k) => k.startsWith('qx.'))).not.toContain('qx.consent');
    expect(tracker.track('product_view', view(2))).toBe(false);
  });
});

describe('Tracker consent gate (property)', () => {
  it('whatever the order of grant / deny / withdraw / forget / track, nothing is queued or sent without consent', async () => {
    const op = fc.constantFrom('track', 'track', 'track', 'grant', 'deny', 'withdraw', 'forget', 'tick');
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        const { tracker, server, clock, storage } = setup({ flushAt: 3 });
        let granted = false;
        let n = 0;
        for (const o of ops) {
          if (o === 'track') {
            const queued = tracker.track('product_view', view(n++));
            expect(queued).toBe(granted);
          } else if (o === 'grant') {
            tracker.grantConsent('1');
            granted = true;
          } else if (o === 'deny' || o === 'withdraw' || o === 'forget') {
            if (o === 'deny') tracker.denyConsent('1');
            else if (o === 'forget') tracker.forgetConsent();
            else await tracker.withdrawConsent(async () => undefined);
            granted = false;
            expect(tracker.queueSize).toBe(0);
            expect(storage.keys().some((k) => k.startsWith('qx.q.'))).toBe(false);
          } else await clock.advance(11_000);
          if (!granted) expect(tracker.queueSize).toBe(0);
        }
        // everything the server got was tracked while granted: ids are unique and never after a purge
        const sentIds = server.requests.flat().map((e) => e.eventId);
        expect(new Set(sentIds).size).toBe(server.stored.size);
      }),
      { numRuns: 150 },
    );
  });
});

describe('Tracker pause (consent being verified)', () => {
  it('queues but sends nothing while paused; resume sends', async () => {
    const { tracker, server, clock } = setup();
    tracker.grantConsent('1', '1700000000000');
    expect(tracker.consentState?.serverMark).toBe('1700000000000');
    tracker.pause();
    for (let i = 0; i < 25; i++) tracker.track('product_view', view(i));
    tracker.appHidden();
    await clock.advance(60_000);
    expect(server.requests).toHaveLength(0);
    expect(tracker.queueSize).toBe(25);
    tracker.resume();
    await clock.advance(11_000);
    expect(server.stored.size).toBe(25);
  });
});
