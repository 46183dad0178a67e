import { fitDenseLogistic } from './logistic';
import { mulberry32 } from '../../../scripts/lib/random';

describe('fitDenseLogistic', () => {
  it('recovers known coefficients from simulated data', () => {
    const rand = mulberry32(3);
    const x: number[][] = [];
    const y: (0 | 1)[] = [];
    for (let i = 0; i < 20000; i++) {
      const f = [rand() * 4 - 2, rand() * 4 - 2];
      const z = 1.5 * f[0] - 0.7 * f[1] + 0.4;
      x.push(f);
      y.push(rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    }
    const m = fitDenseLogistic(x, y, [0, 0], 0);
    expect(m.coef[0]).toBeCloseTo(1.5, 1);
    expect(m.coef[1]).toBeCloseTo(-0.7, 1);
    expect(m.intercept).toBeCloseTo(0.4, 1);
  });

  it('stays at the prior when the data say nothing (separable data does not blow up)', () => {
    const m = fitDenseLogistic([[1], [-1]], [1, 0], [2], 1000);
    expect(m.coef[0]).toBeCloseTo(2, 1);
    const sep = fitDenseLogistic([[1], [2], [-1], [-2]], [1, 1, 0, 0], [0], 1);
    expect(Number.isFinite(sep.coef[0])).toBe(true);
  });
});
