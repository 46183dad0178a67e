import fc from 'fast-check';
import { principalComponents, project, type Rows } from './pca';

const rows = (r: number[][]): Rows => ({ n: r.length, d: r[0].length, data: Float64Array.from(r.flat()) });
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

describe('principal components (power iteration)', () => {
  it('finds the axes, variances and explained shares of a hand case', () => {
    // variance 2 along x, 0.5 along y (population covariance), mean (1, 1)
    const x = rows([[3, 1], [-1, 1], [1, 2], [1, 0]]);
    const p = principalComponents(x);
    expect(Array.from(p.mean)).toEqual([1, 1]);
    expect(p.variances[0]).toBeCloseTo(2, 10);
    expect(p.variances[1]).toBeCloseTo(0.5, 10);
    expect(p.total).toBeCloseTo(2.5, 12);
    expect(Array.from(p.components[0]).map((v) => Math.abs(v) < 1e-9 ? 0 : v)).toEqual([1, 0]);
    expect(Array.from(p.components[1]).map((v) => Math.abs(v) < 1e-9 ? 0 : v)).toEqual([0, 1]);
    expect(project(x, 0, p).map((v) => Number(v.toFixed(9)))).toEqual([2, 0]);
    expect(project(x, 2, p).map((v) => Number(v.toFixed(9)))).toEqual([0, 1]);
  });

  it('recovers rotated axes in 3-D, with the sign rule (largest loading positive)', () => {
    // the hand case in the plane spanned by u = (2,1,2)/3 and w = (1,2,-2)/3 (orthonormal)
    const u = [2 / 3, 1 / 3, 2 / 3];
    const w = [1 / 3, 2 / 3, -2 / 3];
    const pts = [[2, 0], [-2, 0], [0, 1], [0, -1]].map(([a, b]) => u.map((_, j) => a * u[j] + b * w[j] + 5));
    const p = principalComponents(rows(pts));
    p.components[0].forEach((v, j) => expect(v).toBeCloseTo(u[j], 9)); // largest |u| entry 2/3 is positive
    p.components[1].forEach((v, j) => expect(v).toBeCloseTo(w[j], 9)); // |w| ties 2/3: the first (2/3) is positive
    expect(p.variances[0] / p.total).toBeCloseTo(0.8, 9);
    expect(p.variances[1] / p.total).toBeCloseTo(0.2, 9);
  });

  it('is deterministic: same axes for reordered rows and for mirrored data', () => {
    const pts = [[1, 2, 0.5], [3, 1, 0], [-2, 0, 1], [0, -1, 2], [4, 4, -1], [2, -3, 0]];
    const a = principalComponents(rows(pts));
    const b = principalComponents(rows([...pts].reverse()));
    const c = principalComponents(rows(pts.map((r) => r.map((v) => -v))));
    for (const other of [b, c])
      other.components.forEach((v, k) => v.forEach((x, j) => expect(x).toBeCloseTo(a.components[k][j], 9)));
  });

  it('property: unit, orthogonal components with descending variances within the total', () => {
    const data = fc.integer({ min: 3, max: 6 }).chain((d) =>
      fc.array(fc.array(fc.oneof(fc.integer({ min: -50_000, max: 50_000 }).map((v) => v / 1000), fc.double({ min: -1e-90, max: 1e-90, noNaN: true })), { minLength: d, maxLength: d }), { minLength: 2, maxLength: 40 }),
    );
    fc.assert(
      fc.property(data, (pts) => {
        const p = principalComponents(rows(pts));
        const [v1, v2] = p.components;
        expect(dot(v1, v1)).toBeCloseTo(1, 6);
        expect(dot(v2, v2)).toBeCloseTo(1, 6);
        expect(Math.abs(dot(v1, v2))).toBeLessThan(1e-9);
        expect(p.variances[0]).toBeGreaterThanOrEqual(p.variances[1] - 1e-6 * Math.max(1, p.total));
        expect(p.variances[0] + p.variances[1]).toBeLessThanOrEqual(p.total * (1 + 1e-6) + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});
