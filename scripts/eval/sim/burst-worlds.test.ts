import { createHash } from 'node:crypto';
import { parsePurchaseDay } from '../purchase-dates';
import { BURST_WEEKS, burstWorld } from './burst-worlds';

const repeatsInWeeks = (w: ReturnType<typeof burstWorld>, from: number, to: number) => {
  let k = 0;
  for (const c of w.customers)
    for (const d of c.days.slice(1)) {
      const age = (d - c.days[0]) / 7;
      if (age >= from && age < to) k++;
    }
  return k;
};

describe('burst worlds', () => {
  const bg = burstWorld(3000, 1, 'bgnbd', '6m');
  const slow = burstWorld(3000, 1, 'slowing', '6m');

  it('acquires every customer in the first 13 weeks and splits at week 26 or 39 with a 13-week hold-out', () => {
    const start = parsePurchaseDay('2023-01-02');
    for (const w of [bg, slow]) expect(Math.max(...w.customers.map((c) => c.days[0]))).toBeLessThan(start + 7 * BURST_WEEKS);
    expect(parsePurchaseDay(bg.calibrationEnd) - start + 1).toBe(182);
    expect(parsePurchaseDay(bg.holdoutEnd) - parsePurchaseDay(bg.calibrationEnd)).toBe(91);
    const nine = burstWorld(10, 1, 'bgnbd', '9m');
    expect(parsePurchaseDay(nine.calibrationEnd) - start + 1).toBe(273);
  });

  it('is the same shop under both splits (one history, two cut-offs)', () => {
    expect(burstWorld(500, 2, 'slowing', '9m').customers).toEqual(burstWorld(500, 2, 'slowing', '6m').customers);
  });

  it('slows active customers down with age: repeats late in life fall against the BG/NBD world', () => {
    // Early ages are thinned little (÷ 1.0–1.15), ages 26–39 weeks by ÷ 2–2.5: the ratio must fall.
    const early = repeatsInWeeks(slow, 0, 4) / repeatsInWeeks(bg, 0, 4);
    const late = repeatsInWeeks(slow, 26, 39) / repeatsInWeeks(bg, 26, 39);
    expect(late).toBeLessThan(0.75 * early);
  });

  it('keeps session 17\'s shops as they were (the long hold-outs are a new 65-week shop)', () => {
    // Fingerprints taken before session 19 added the long splits: the 6m/9m figures stay reproducible.
    const fp = (w: ReturnType<typeof burstWorld>) => createHash('sha256').update(JSON.stringify(w.customers)).digest('hex').slice(0, 16);
    expect(fp(burstWorld(400, 1, 'bgnbd', '6m'))).toBe('3524988ac6c18d89');
    expect(fp(burstWorld(400, 1, 'slowing', '9m'))).toBe('4aa47b502938f2a5');
  });

  it('scores one 65-week shop at one age (week 26) over 13, 26 and 39 weeks', () => {
    const start = parsePurchaseDay('2023-01-02');
    const [a, b, c] = (['6m-13w', '6m-26w', '6m-39w'] as const).map((s) => burstWorld(2000, 3, 'slowing', s));
    expect(b.customers).toEqual(a.customers);
    expect(c.customers).toEqual(a.customers);
    for (const w of [a, b, c]) expect(parsePurchaseDay(w.calibrationEnd) - start + 1).toBe(182);
    expect([a, b, c].map((w) => parsePurchaseDay(w.holdoutEnd) - parsePurchaseDay(w.calibrationEnd))).toEqual([91, 182, 273]);
    // Simulated to the end of week 65, not 52: the 39-week hold-out holds purchases after week 52.
    const days = c.customers.flatMap((x) => x.days);
    expect(Math.max(...days)).toBeLessThanOrEqual(start + 7 * 65 - 1);
    expect(days.filter((d) => d >= start + 7 * 52).length).toBeGreaterThan(100);
  });
});
