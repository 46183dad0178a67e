/**
 * The tracker meets the server's rate limit (track's daily quota or burst guard): RATE_LIMITED
 * with `details.retryAt`. It holds the whole queue until then — one request, not a retry every
 * minute all day, not even on hide — keeps every event within the queue's bounds, and never
 * throws into the host app.
 */
import { contractValidator } from './contract-validator';
import { decideRetry } from './retry-policy';
import type { SendOutcome } from './ports';
import { FakeClock, FakeTrackServer, MemoryStorage } from './test-fakes';
import { Tracker } from './tracker';

const HOUR = 3_600_000;
const limited = (retryAt: unknown): SendOutcome => ({
  kind: 'reply',
  reply: { ok: false, error: { code: 'RATE_LIMITED', message: '今日上报事件已达上限', details: { scope: 'day', limit: 20_000, used: 20_000, retryAt } } },
});

function setup() {
  const clock = new FakeClock();
  const server = new FakeTrackServer();
  const errors: string[] = [];
  const tracker = new Tracker({
    storage: new MemoryStorage(),
    clock,
    transport: server,
    validate: contractValidator,
    logger: { debug: () => undefined, error: (m: string) => errors.push(m) },
    random: () => 0.5,
  });
  tracker.start();
  tracker.grantConsent('v1');
  return { clock, server, tracker, errors };
}
const view = (i: number) => ({ productId: `p${i}`, categoryId: 'c1', priceFen: 100 + i });

it('decideRetry: RATE_LIMITED with a retryAt holds everything until then; without one it backs off as before', () => {
  expect(decideRetry(['a', 'b'], limited(123))).toMatchObject({ retry: ['a', 'b'], drop: [], done: [], holdUntil: 123 });
  for (const details of [undefined, 'soon', { retryAt: 'tomorrow' }, { retryAt: Number.NaN }]) {
    const d = decideRetry(['a'], { kind: 'reply', reply: { ok: false, error: { code: 'RATE_LIMITED', message: '', details } } });
    expect(d).toMatchObject({ retry: ['a'], backoff: true });
    expect(d.holdUntil).toBeUndefined();
  }
});

it('held until the next Beijing day: one request while held, hides included, then everything is delivered', async () => {
  const { clock, server, tracker, errors } = setup();
  const retryAt = clock.now() + 5 * HOUR;
  server.failWith = limited(retryAt);
  for (let i = 0; i < 5; i++) tracker.track('product_view', view(i));
  await clock.advance(11_000); // the interval flush meets the limit
  expect(server.requests).toHaveLength(1);
  // Four more hours of browsing and backgrounding: nothing is sent, nothing is lost.
  for (let h = 0; h < 4; h++) {
    for (let i = 0; i < 30; i++) tracker.track('product_view', view(i));
    tracker.appHidden();
    tracker.appShown();
    await clock.advance(HOUR);
  }
  expect(server.requests).toHaveLength(1);
  expect(tracker.queueSize).toBe(125);
  server.failWith = null; // the new day: the quota has room again
  await clock.advance(HOUR + 61_000);
  expect(tracker.queueSize).toBe(0);
  expect(server.stored.size).toBe(125);
  expect(errors).toEqual([]);
});

it('a burst refusal holds about a second; a retryAt far away holds a day at most; a past one backs off', async () => {
  const { clock, server, tracker } = setup();
  const answers = [(now: number) => limited(now + 1_000), (now: number) => limited(now + 90 * 24 * HOUR), (now: number) => limited(now - 5_000)];
  const times: number[] = [];
  server.send = async (events) => {
    server.requests.push(events);
    times.push(clock.now());
    return answers[Math.min(times.length, answers.length) - 1](clock.now());
  };
  tracker.track('product_view', view(1));
  await clock.advance(10_000);
  await clock.advance(24 * HOUR + 60_000);
  // burst: retryAt + the spread (a tenth of the wait × random 0.5); far away: held exactly a day
  expect(times[1] - times[0]).toBe(1_000 + 50);
  expect(times[2] - times[1]).toBe(24 * HOUR);
  // In the past (a wrong clock): the usual backoff — a retry a minute at most, no hot loop.
  await clock.advance(2 * HOUR);
  const gaps = times.slice(3).map((t, i) => t - times[i + 2]);
  expect(gaps.length).toBeGreaterThan(10);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
});

it('never throws into the host when the refusal is malformed', async () => {
  const { clock, server, tracker } = setup();
  server.failWith = { kind: 'reply', reply: { ok: false, error: { code: 'RATE_LIMITED', message: '', details: null } } };
  expect(() => tracker.track('product_view', view(1))).not.toThrow();
  await clock.advance(120_000);
  expect(tracker.queueSize).toBe(1);
});
