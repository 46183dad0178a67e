import { fitTransform, standardise, zToRaw } from './transform';
import { FEATURE_SPEC } from '../inference/feature-spec-hash';

describe('segmentation transform', () => {
  const at = (n: string) => FEATURE_SPEC.features.find((f) => f.name === n)!;
  const spec = [at('recency_days'), at('frequency_30d'), at('frequency_90d')]; // recency (log1p, missing 400), two frequencies
  const rows = [
    [Math.log1p(10), Math.log1p(1), Math.log1p(2)],
    [Math.log1p(100), Math.log1p(3), Math.log1p(2)],
  ];
  const t = fitTransform(rows, spec);

  it('standardises to mean 0 and marks constant features with std 1', () => {
    const z = rows.map((r) => standardise(r, t));
    expect(z[0][0] + z[1][0]).toBeCloseTo(0);
    expect(z[0][0]).toBeCloseTo(-1);
    expect(t.std[2]).toBe(1);
    expect(z[0][2]).toBe(0);
  });

  it('fills NaN with the spec missing value and clips to the spec range', () => {
    expect(standardise([NaN, 0, 0], t)[0]).toBeCloseTo((Math.log1p(400) - t.mean[0]) / t.std[0]);
    expect(standardise([99, 0, 0], t)[0]).toBeCloseTo((Math.log1p(400) - t.mean[0]) / t.std[0]);
    expect(standardise([-5, 0, 0], t)[0]).toBeCloseTo((0 - t.mean[0]) / t.std[0]);
  });

  it('maps z back to raw units', () => {
    const raw = zToRaw(standardise(rows[1], t), t);
    expect(raw[0]).toBeCloseTo(100);
    expect(raw[1]).toBeCloseTo(3);
  });
});
