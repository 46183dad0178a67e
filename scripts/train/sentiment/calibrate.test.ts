import { fitPlatt } from './calibrate';
import { mulberry32 } from './rng';

describe('fitPlatt', () => {
  it('recovers the slope and offset of a known logistic link', () => {
    const rand = mulberry32(3);
    const z: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const zi = (rand() - 0.5) * 10;
      z.push(zi);
      y.push(rand() < 1 / (1 + Math.exp(-(0.5 * zi - 1))) ? 1 : 0);
    }
    const { a, c } = fitPlatt(z, y);
    expect(a).toBeCloseTo(0.5, 1);
    expect(c).toBeCloseTo(-1, 1);
  });

  it('stays finite on a perfectly separable slice', () => {
    const { a, c } = fitPlatt([-3, -2, 2, 3], [0, 0, 1, 1]);
    expect(Number.isFinite(a) && Number.isFinite(c)).toBe(true);
  });
});
