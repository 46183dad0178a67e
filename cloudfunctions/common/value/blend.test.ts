import fc from 'fast-check';
import {
  BLEND_WEIGHTS,
  blendExpected,
  chooseBlend,
  LEVEL_Z,
  MIN_BLEND_EVIDENCE,
  sameSeasonLevel,
} from './blend';
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
        // The scale ships only when the window's total stands out of its noise.
        const level = seasonal.sameSeason as NonNullable<typeof seasonal.sameSeason>;
        const stands = Math.abs(Math.log(level.ratio)) > LEVEL_Z * level.se;
        expect(level.verdict).toBe(!stands ? 'noise' : seasonal.scale === 1 ? 'rmse' : 'applied');
        expect(seasonal.scale).toBe(level.verdict === 'applied' ? level.ratio : 1);
        expect(b.sameSeason).toBeUndefined();
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
    expect(b.sameSeason?.verdict).toBe('applied');
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

  it("the level is the window's total ratio with the standard error of its log, the window's variance doubled (by hand)", () => {
    // total 6 against 4 predicted: ratio (6 + 10) / (4 + 10); residuals a − ratio·p over four customers.
    const predicted = [1, 1, 1, 1];
    const y = [0, 3, 1, 2];
    const ratio = 16 / 14;
    const residual = y.reduce((s, a) => s + (a - ratio) ** 2, 0);
    const l = sameSeasonLevel(predicted, y);
    expect(l.ratio).toBeCloseTo(ratio, 12);
    expect(l.se).toBeCloseTo(Math.sqrt(2 * residual) / 16, 12);
  });

  it('does not ship a same-season total that is within the noise of a small back-test, even where it lowers the RMSE', () => {
    // 60 customers predicted 0.5 each; 5 heavy buyers make the window's total 1.5× the prediction
    // ((50 + 10) / (30 + 10)), with a standard error of the log of about 0.45.
    const p = Array.from({ length: 60 }, () => 0.5);
    const y = p.map((_, i) => (i < 5 ? 9 : i < 10 ? 1 : 0));
    const b = chooseBlend(p, p, y, { rescale: true });
    const level = b.sameSeason as NonNullable<typeof b.sameSeason>;
    expect(level.ratio).toBeCloseTo(1.5, 12);
    expect(level.verdict).toBe('noise');
    expect(b.scale).toBe(1);
    // The RMSE alone would have taken it (the rule before the noise test).
    const scaled = countMetrics(
      p.map((v) => v * level.ratio),
      y,
    ).rmse;
    expect(scaled).toBeLessThan(b.rmse.blended);
  });

  it('beyond its noise, scaling to the total is tried and the RMSE decides', () => {
    // 2,000 customers: the learned model over-predicts those who buy little and under-predicts
    // those who buy more, so the window's total is 1.2× its own (far beyond the noise) while
    // scaling up raises the RMSE; BG/NBD (5× it) is far worse, so the learned weight stays, unscaled.
    const n = 2000;
    const l = Array.from({ length: n }, (_, i) => (i % 2 ? 2 : 0.5));
    const y = l.map((v, i) => (v === 2 ? (i % 4 === 1 ? 0 : 2) : 2));
    const g = l.map((v) => v * 5);
    const b = chooseBlend(l, g, y, { rescale: true });
    const level = b.sameSeason as NonNullable<typeof b.sameSeason>;
    expect(level.ratio).toBeCloseTo((3000 + 10) / (2500 + 10), 12);
    expect(Math.abs(Math.log(level.ratio))).toBeGreaterThan(LEVEL_Z * level.se);
    expect(level.verdict).toBe('rmse');
    expect(b.weight).toBe(1);
    expect(b.scale).toBe(1);
    expect(
      countMetrics(
        l.map((v) => v * level.ratio),
        y,
      ).rmse,
    ).toBeGreaterThan(b.rmse.blended);
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
