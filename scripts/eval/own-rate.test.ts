import { bgnbdExpected, bgnbdPAlive } from '../../cloudfunctions/common/value/bgnbd';
import { chooseK, credibilityWeight, ownBlend, ownRateExpected, ownVariants, OWN_VARIANTS } from './own-rate';

// CDNOW's BG/NBD on the full file (models/value/report.md).
const P = { r: 0.2527, alpha: 4.797, a: 0.7223, b: 2.157 };

describe("the heaviest buyers' own rate", () => {
  it('is the alive rate times P(alive), with no dropout inside the horizon', () => {
    const heavy = { x: 25, tx: 38, T: 39 };
    const o = ownRateExpected(P, heavy, 39);
    expect(o).toBeCloseTo((bgnbdPAlive(P, heavy) * (P.r + 25) * 39) / (P.alpha + 39), 12);
    // BG/NBD's per-purchase dropout forecasts a heavy buyer well below the own rate…
    expect(bgnbdExpected(P, heavy, 39)).toBeLessThan(0.9 * o);
    // …and a customer long silent gets little of either.
    expect(ownRateExpected(P, { x: 25, tx: 5, T: 39 }, 39)).toBeLessThan(0.01);
  });

  it('weighs the own rate by the evidence x, and not at all for one-time buyers or K = ∞', () => {
    expect(credibilityWeight(0, 30)).toBe(0);
    expect(credibilityWeight(20, 30)).toBeCloseTo(0.4, 12);
    expect(credibilityWeight(40, Infinity)).toBe(0);
    const b = ownBlend([1, 2, 10], [5, 5, 20], [0, 10, 30], 1.1, 30);
    expect(b[0]).toBeCloseTo(1.1, 12);
    expect(b[1]).toBeCloseTo(1.1 * (0.75 * 2 + 0.25 * 5), 12);
    expect(b[2]).toBeCloseTo(1.1 * 15, 12);
  });

  it('lets the back-test keep the shipped shape unless the own rate fits the window better', () => {
    const x = [0, 2, 30, 40];
    const bg = [0.2, 1, 10, 12];
    const own = [0.2, 1.5, 20, 25];
    // The heavy buyers bought at their own rate: a finite K wins.
    expect(chooseK(bg, own, x, [0, 1, 20, 25]).K).toBeLessThan(Infinity);
    // They bought as BG/NBD said: K = ∞, the shipped model; an exact tie also goes to ∞.
    expect(chooseK(bg, own, x, [0.2, 1, 10, 12]).K).toBe(Infinity);
    expect(chooseK(bg, bg, x, [0, 1, 20, 25]).K).toBe(Infinity);
  });

  it('gives each variant from L, O, x, the level and the back-test’s K', () => {
    const v = ownVariants([0.3, 2, 8], [0.9, 3, 16], [0, 3, 30], 1.05, Infinity);
    expect(Object.keys(v)).toEqual([...OWN_VARIANTS]);
    v['own-backtest'].forEach((p, i) => expect(p).toBeCloseTo([0.3, 2, 8][i] * 1.05, 12));
    expect(v['own-only']).toEqual([0.3 * 1.05, 3 * 1.05, 16 * 1.05]);
    expect(v['own-k30'][2]).toBeCloseTo(1.05 * 12, 12);
  });
});
