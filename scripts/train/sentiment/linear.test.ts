import { linearLogit, nbRatios, trainLinear, type Example } from './linear';
import { binaryMetrics, expectedCalibrationError } from '../../../cloudfunctions/common/sentiment-model';
import { mulberry32 } from './rng';

/** Toy data: bucket 1 means positive, bucket 2 negative, buckets 10..59 are noise. */
function toy(n: number, seed: number): Example[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const label = r() < 0.5 ? 1 : 0;
    const noise = Array.from({ length: 5 }, () => 10 + Math.floor(r() * 50));
    return { ids: Int32Array.from(new Set([label ? 1 : 2, ...noise])), label: label as 0 | 1 };
  });
}

describe('sparse logistic regression', () => {
  it('learns the informative buckets (plain and NB-weighted, with averaging)', () => {
    const train = toy(2000, 1);
    const test = toy(500, 2);
    for (const values of [undefined, nbRatios(train, 64)]) {
      const m = trainLinear(train, 64, {
        epochs: 3,
        lr: 0.2,
        l2: 0,
        seed: 3,
        scale: 'sqrt',
        values,
        averageFrom: 2,
      });
      expect(m.weight[1]).toBeGreaterThan(0.5);
      expect(m.weight[2]).toBeLessThan(-0.5);
      const p = test.map((e) => 1 / (1 + Math.exp(-linearLogit(m, e.ids))));
      expect(
        binaryMetrics(
          p,
          test.map((e) => e.label),
        ).accuracy,
      ).toBe(1);
    }
  });

  it('feature dropout: 0 is the plain recipe; > 0 still learns the informative buckets', () => {
    const train = toy(2000, 5);
    const o = { epochs: 3, lr: 0.2, l2: 0, seed: 3, scale: 'sqrt' as const };
    expect(trainLinear(train, 64, { ...o, dropout: 0 }).weight).toEqual(trainLinear(train, 64, o).weight);
    const m = trainLinear(train, 64, { ...o, dropout: 0.5 });
    expect(m.weight[1]).toBeGreaterThan(0.5);
    expect(m.weight[2]).toBeLessThan(-0.5);
  });

  it('NB ratios: positive for positive-only buckets, 0 for unseen ones', () => {
    const r = nbRatios(toy(500, 4), 64);
    expect(r[1]).toBeGreaterThan(0);
    expect(r[2]).toBeLessThan(0);
    expect(r[0]).toBe(0);
  });
});

describe('metrics', () => {
  it('accuracy and per-class F1 on a known confusion matrix', () => {
    // tp=2, fn=1, tn=1, fp=1
    const m = binaryMetrics([0.9, 0.8, 0.2, 0.1, 0.7], [1, 1, 1, 0, 0]);
    expect(m.accuracy).toBeCloseTo(3 / 5);
    expect(m.f1_pos).toBeCloseTo(4 / 6);
    expect(m.f1_neg).toBeCloseTo(2 / 4);
  });

  it('ECE is 0 for perfectly calibrated bins and |acc - conf| otherwise', () => {
    expect(expectedCalibrationError([0.99, 0.99], [1, 1])).toBeCloseTo(0.01);
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [1, 1, 1, 0])).toBeCloseTo(0);
  });
});
