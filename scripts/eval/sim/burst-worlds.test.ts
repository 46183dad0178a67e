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
});
