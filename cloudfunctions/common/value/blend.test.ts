import fc from 'fast-check';
import { BLEND_WEIGHTS, blendExpected, chooseBlend, MIN_BLEND_EVIDENCE } from './blend';
import { countMetrics } from './metrics';

describe('the guard blend of the learned model with BG/NBD', () => {
  const n = 200;
  const actual: number[] = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 3 : i % 3 === 0 ? 1 : 0));

  it('falls back to BG/NBD when the learned model loses its back-test, keeps the learned one when it wins', () => {
    const good = actual.map((a) => a * 0.9 + 0.05);
    const bad = actual.map((_, i) => (i % 2 ? 4 : 0));
    const lose = chooseBlend(bad, good, actual);
    expect(lose.weight).toBe(0);
    expect(lose.rmse.blended).toBe(lose.rmse.bgnbd);
    const win = chooseBlend(good, bad, actual);
    expect(win.weight).toBe(1);
    expect(win.rmse.blended).toBe(win.rmse.learned);
  });

  it('mixes when two models err in opposite directions', () => {
    const high = actual.map((a) => a + 1);
    const low = actual.map((a) => Math.max(0, a - 1));
    const b = chooseBlend(high, low, actual);
    expect(b.weight).toBeGreaterThan(0);
    expect(b.weight).toBeLessThan(1);
    expect(b.rmse.blended).toBeLessThan(Math.min(b.rmse.learned, b.rmse.bgnbd));
  });

  it('never ships a blend worse than either model on its back-test, and reports the RMSE it chose by (property)', () => {
    const counts = fc.array(
      fc.tuple(
        fc.nat(6),
        fc.float({ min: 0, max: 8, noNaN: true }),
        fc.float({ min: 0, max: 8, noNaN: true }),
      ),
      {
        minLength: MIN_BLEND_EVIDENCE,
        maxLength: 120,
      },
    );
    fc.assert(
      fc.property(counts, (rows) => {
        const y = rows.map((r) => r[0]);
        const l = rows.map((r) => r[1]);
        const g = rows.map((r) => r[2]);
        const b = chooseBlend(l, g, y);
        const seasonal = chooseBlend(l, g, y, { rescale: true });
        expect(seasonal.rmse.blended).toBeLessThanOrEqual(b.rmse.blended + 1e-12);
        expect(
          countMetrics(
            l.map((v, i) => blendExpected(seasonal, v, g[i])),
            y,
          ).rmse,
        ).toBeCloseTo(seasonal.rmse.blended, 12);
        expect(BLEND_WEIGHTS).toContain(b.weight);
        expect(b.rmse.blended).toBeLessThanOrEqual(Math.min(b.rmse.learned, b.rmse.bgnbd) + 1e-12);
        const shipped = l.map((v, i) => blendExpected(b, v, g[i]));
        expect(b.scale).toBe(1);
        expect(countMetrics(shipped, y).rmse).toBeCloseTo(b.rmse.blended, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('with too few judged customers keeps the learned model (too little evidence either way)', () => {
    const few = actual.slice(0, MIN_BLEND_EVIDENCE - 1);
    expect(
      chooseBlend(
        few.map(() => 9),
        few,
        few,
      ).weight,
    ).toBe(1);
  });

  it("on a same-season back-test also scales to the window's total, shrunk toward 1 and bounded", () => {
    // Both models predict half of a busy season: the scale restores the level.
    const half = actual.map((a) => a / 2 + 0.01);
    const b = chooseBlend(half, half, actual, { rescale: true });
    const total = actual.reduce((s, a) => s + a, 0);
    const predicted = half.reduce((s, a) => s + a, 0);
    expect(b.scale).toBeCloseTo((total + 10) / (predicted + 10), 12);
    expect(b.rmse.blended).toBeLessThan(b.rmse.learned / 2);
    const shipped = half.map((v, i) => blendExpected(b, v, half[i]));
    const shippedTotal = shipped.reduce((s, v) => s + v, 0);
    expect(shippedTotal).toBeGreaterThan(predicted);
    expect(shippedTotal).toBeLessThan(total);
    expect(Math.abs(shippedTotal - total) / total).toBeLessThan(0.1);
    // Never beyond 3× either way.
    expect(
      chooseBlend(
        actual.map(() => 0.0001),
        actual.map(() => 0.0001),
        actual,
        { rescale: true },
      ).scale,
    ).toBe(3);
    // Without rescale the scale stays 1.
    expect(chooseBlend(half, half, actual).scale).toBe(1);
  });

  it('an absent blend is the learned model alone (models stored before the guard); one without `space` mixes arithmetically', () => {
    expect(blendExpected(undefined, 2.5, 1)).toBe(2.5);
    expect(blendExpected({ weight: 0.5, scale: 2 }, 2, 1)).toBe(3);
    expect(blendExpected({ weight: 0, scale: 1 }, 2, 1)).toBe(1);
  });

  it('mixes in log space: BG/NBD times the trees’ correction raised to the weight', () => {
    const log = (weight: number, scale = 1) => ({ weight, scale, space: 'log' as const });
    expect(blendExpected(log(0.5), 4, 1)).toBeCloseTo(2, 12); // √(4·1)
    expect(blendExpected(log(0.5, 1.5), 4, 1)).toBeCloseTo(3, 12);
    expect(blendExpected(log(0.25), 4, 1)).toBeCloseTo(Math.SQRT2, 12); // 1 · (4/1)^¼
    expect(blendExpected(log(0.75), 1, 16)).toBeCloseTo(2, 12); // 16 · (1/16)^¾
    expect(blendExpected(log(1, 2), 4, 1)).toBe(8);
    expect(blendExpected(log(0, 2), 4, 1)).toBe(2);
    expect(blendExpected(log(0.5), 0, 2)).toBe(0);
    // A new choice is stored with its space, so the fitted model predicts the mix it was judged on.
    expect(chooseBlend(actual, actual, actual).space).toBe('log');
  });
});
