import { mulberry32 } from '../../cloudfunctions/common/random';
import { auc } from '../../cloudfunctions/common/value/metrics';
import { aucDifference } from './auc-interval';

const rand = mulberry32(7);
const label = Array.from({ length: 400 }, () => rand() < 0.3);
const noise = label.map(() => rand());
const informative = label.map((l, i) => (l ? 0.4 : 0) + noise[i]);

describe('paired bootstrap of an AUC difference', () => {
  it('is exactly zero for the same scores', () => {
    expect(aucDifference([noise], [noise], label, 200)).toEqual({ difference: 0, lo: 0, hi: 0, worse: 0 });
  });

  it('brackets a real difference, averages runs, and flips sign when the models swap', () => {
    const d = aucDifference([informative], [noise], label, 500);
    expect(d.difference).toBeCloseTo(auc(informative, label) - auc(noise, label), 12);
    expect(d.lo).toBeGreaterThan(0);
    expect(d.lo).toBeLessThan(d.difference);
    expect(d.hi).toBeGreaterThan(d.difference);
    expect(d.worse).toBe(0);
    const swapped = aucDifference([noise], [informative], label, 500);
    expect(swapped.difference).toBeCloseTo(-d.difference, 12);
    expect(swapped.worse).toBe(1);
    const twoRuns = aucDifference([informative, noise], [noise], label, 200);
    expect(twoRuns.difference).toBeCloseTo(d.difference / 2, 12);
  });

  it('is wide on a small sample', () => {
    const small = aucDifference([informative.slice(0, 40)], [noise.slice(0, 40)], label.slice(0, 40), 500);
    const big = aucDifference([informative], [noise], label, 500);
    expect(small.hi - small.lo).toBeGreaterThan(1.5 * (big.hi - big.lo));
  });
});
