import { mulberry32 } from '../../cloudfunctions/common/random';
import { pooledDelta, pooledInterval, type CutoffErrors } from './pooled-bootstrap';

const f = (v: number[]) => Float64Array.from(v);

describe('pooled Δ over cut-offs and seeds with a bootstrap over customers', () => {
  it('is the mean over cut-offs and seeds of the RMSE difference over BG/NBD’s RMSE', () => {
    const cuts: CutoffErrors[] = [
      { customer: [0, 1], bgnbd: f([4, 4]), shipped: [f([1, 1])], variant: [f([0.25, 0.25])] },
      { customer: [1, 2], bgnbd: f([1, 1]), shipped: [f([1, 1]), f([4, 4])], variant: [f([1, 1]), f([1, 1])] },
    ];
    // cut 1: (0.5 − 1) ÷ 2; cut 2 seed 1: 0; seed 2: (1 − 2) ÷ 1
    expect(pooledDelta(cuts, [1, 1, 1])).toBeCloseTo((-0.25 + 0 - 1) / 3, 12);
  });

  it('pairs each customer across cut-offs, and its interval covers the truth and narrows with customers', () => {
    const rand = mulberry32(7);
    const make = (n: number): CutoffErrors[] =>
      [0, 1].map(() => {
        const ship = Array.from({ length: n }, () => rand() * 4);
        return {
          customer: Array.from({ length: n }, (_, i) => i),
          bgnbd: f(ship.map((e) => e * 1.1)),
          shipped: [f(ship)],
          // the variant is better for a tenth of the customers, the same elsewhere
          variant: [f(ship.map((e, i) => (i % 10 === 0 ? e * 0.5 : e)))],
        };
      });
    const small = pooledInterval(make(200), 200, { resamples: 300, seed: 16 });
    const large = pooledInterval(make(5000), 5000, { resamples: 300, seed: 16 });
    for (const iv of [small, large]) {
      expect(iv.delta).toBeLessThan(0);
      expect(iv.low).toBeLessThanOrEqual(iv.delta);
      expect(iv.high).toBeGreaterThanOrEqual(iv.delta);
    }
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    // the same seed gives the same interval
    const data = make(200);
    expect(pooledInterval(data, 200, { resamples: 50, seed: 16 })).toEqual(
      pooledInterval(data, 200, { resamples: 50, seed: 16 }),
    );
  });
});
