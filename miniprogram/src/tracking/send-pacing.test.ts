import { SendPacing } from './send-pacing';

function pacing(now = 1_000_000, random = () => 0.5) {
  let t = now;
  const clock = { now: () => t, setTimeout: () => 0, clearTimeout: () => undefined };
  const p = new SendPacing({ backoff: { baseMs: 1000, maxMs: 60_000 }, fullBatch: 50, clock, random, log: { debug: () => undefined, error: () => undefined } });
  return { p, at: (ms: number) => (t = ms) };
}

it('halves the batch on "too large" and grows it back towards the full one on success', () => {
  const { p } = pacing();
  p.shrink(50);
  p.shrink(25);
  expect(p.limit).toBe(12);
  p.succeeded();
  expect(p.limit).toBe(24);
  p.succeeded();
  p.succeeded();
  expect(p.limit).toBe(50);
});

it('backs off exponentially, a hide may ignore the backoff but never a rate-limit hold', () => {
  const { p } = pacing();
  p.backOff();
  p.backOff();
  expect(p.attempts).toBe(2);
  expect(p.waiting(1_000_000, false)).toBe(true);
  expect(p.waiting(1_000_000, true)).toBe(false);
  expect(p.nextFlushAt(1_000_000, 10_000)).toBe(1_000_000 + 1500); // exp 2000: 1000 + 1000 × 0.5
  p.hold(1_000_000 + 3_600_000);
  expect(p.waiting(1_000_000 + 3_600_000 - 1, true)).toBe(true);
  // spread by a tenth of the wait, at most a minute: 0.5 × 60 s
  expect(p.waiting(1_000_000 + 3_600_000 + 30_000, true)).toBe(false);
  p.reset();
  expect([p.attempts, p.waiting(1_000_000, false), p.nextFlushAt(1_000_000, 10_000)]).toEqual([0, false, 1_010_000]);
});
