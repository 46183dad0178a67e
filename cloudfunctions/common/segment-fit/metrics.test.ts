import { adjustedRand, daviesBouldin, silhouette, sizeBalance } from './metrics';
import { fromRows } from './matrix';

describe('cluster metrics', () => {
  const x = fromRows([[0, 0], [0, 1], [10, 0], [10, 1]]);
  const good = [0, 0, 1, 1];
  const bad = [0, 1, 0, 1];

  it('silhouette prefers the true split', () => {
    expect(silhouette(x, good, [0, 1, 2, 3])).toBeGreaterThan(0.85);
    expect(silhouette(x, bad, [0, 1, 2, 3])).toBeLessThan(0);
  });

  it('Davies–Bouldin is lower for the true split', () => {
    expect(daviesBouldin(x, good, 2)).toBeLessThan(daviesBouldin(x, bad, 2));
  });

  it('ARI is 1 for a relabelled identical partition and ~0 or below for an unrelated one', () => {
    expect(adjustedRand([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1])).toBeCloseTo(1);
    expect(adjustedRand(good, bad)).toBeLessThanOrEqual(0);
  });

  it('size balance reports shares and entropy', () => {
    expect(sizeBalance([0, 0, 1, 1], 2)).toEqual({ minShare: 0.5, maxShare: 0.5, entropy: 1 });
    expect(sizeBalance([0, 0, 0, 1], 2).maxShare).toBe(0.75);
  });
});
