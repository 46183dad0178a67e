import { FEATURE_FAMILIES } from './features';
import { fitPoissonGbt, gbtMargin, rng } from './gbt';
import {
  fitBgnbdAt,
  rowsAt,
  trainingCutoffs,
  trainingRowsAt,
  trainLearned,
  windowLevel,
} from './learned';
import { fitValueModel, predictValue } from './model';
import { randomShop as shop } from './random-shop.test-helper';

describe('training cut-offs', () => {
  it('keep every target window inside the history and need 4 weeks before each cut-off', () => {
    for (const [first, end, h] of [
      [0, 272, 273],
      [0, 1000, 90],
      [100, 130, 90],
    ]) {
      const { cutoffs, horizon } = trainingCutoffs(first, end, h);
      expect(horizon).toBeLessThanOrEqual(h);
      for (const c of cutoffs) expect(c + horizon).toBeLessThanOrEqual(end);
      for (const c of cutoffs.slice(1)) expect(c).toBeGreaterThanOrEqual(first + 28);
    }
    expect(trainingCutoffs(0, 1000, 90)).toEqual({ cutoffs: [910, 895, 880, 865, 850, 835], horizon: 90 });
    // A history as long as the horizon (CDNOW's classic split): a shorter horizon from recent cut-offs.
    expect(trainingCutoffs(0, 272, 273)).toEqual({ cutoffs: [170, 153, 136, 119, 102, 85], horizon: 102 });
    // A very short history: the horizon never exceeds half of it.
    expect(trainingCutoffs(100, 110, 90)).toEqual({ cutoffs: [105], horizon: 5 });
  });
});

describe('window level', () => {
  it('is log((Σy + 5) / (Σ exp(offset) + 5)), by hand', () => {
    // Σy = 3, Σ exp(offset) = 1 + 2 + 3 = 6 → log(8 / 11)
    expect(windowLevel([1, 2, 0], [0, Math.log(2), Math.log(3)])).toBeCloseTo(Math.log(8 / 11), 12);
    // an empty window stays at 0 rather than −∞
    expect(windowLevel([0, 0], [Math.log(0.001), Math.log(0.001)])).toBeCloseTo(Math.log(5 / 5.002), 12);
  });

  it('is taken out of a short history\'s training rows, so the trees do not learn a burst the windows happened to see', () => {
    // Every customer buys much more often in days 250..300, inside the training windows.
    const rand = rng(7);
    const customers = shop(4, 300).map((c) => {
      const days = [...c.purchases.days];
      for (let d = 250; d <= 300; d++) if (rand() < 0.06 && !days.includes(d)) days.push(d);
      days.sort((a, b) => a - b);
      return { purchases: { days, amounts: days.map(() => 20) } };
    });
    // 330 days of history for a 273-day horizon: h′ = 3/8 of the history, shorter than h.
    const opts = { end: 330, horizonDays: 273, families: FEATURE_FAMILIES, seed: 1 };
    const m = trainLearned(customers, opts);
    expect(m.trainingHorizonDays).toBeLessThan(273);
    const cut = m.cutoffs[0];
    const first = trainingRowsAt(customers, cut, m.trainingHorizonDays, opts);
    const raw = rowsAt(customers, cut, m.trainingHorizonDays, fitBgnbdAt(customers, cut), FEATURE_FAMILIES);
    const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);
    // BG/NBD fitted before the burst under-forecasts the window that holds it…
    expect(sum(first.y) / sum(raw.offsets.map(Math.exp))).toBeGreaterThan(1.3);
    // …the window's rows carry its true level (Σ exp(offset) = Σ y up to the prior)…
    expect(sum(first.offsets.map(Math.exp)) / sum(first.y)).toBeCloseTo(1, 1);
    // …and the trees start from it, not from the burst.
    expect(Math.abs(m.gbt.bias)).toBeLessThan(0.05);
    // With the real horizon (a long history) the rows keep BG/NBD's offsets as they are.
    const long = trainingRowsAt(customers, 240, 90, { ...opts, horizonDays: 90 });
    const rawLong = rowsAt(customers, 240, 90, fitBgnbdAt(customers, 240), FEATURE_FAMILIES);
    expect(long.offsets).toEqual(rawLong.offsets);
    // Without the bgnbd family the offset is the horizon alone: the trees must learn the level.
    const families = FEATURE_FAMILIES.filter((f) => f !== 'bgnbd');
    const plain = trainingRowsAt(customers, cut, m.trainingHorizonDays, { ...opts, families });
    expect(new Set(plain.offsets)).toEqual(new Set([Math.log(m.trainingHorizonDays / 7)]));
  });
});

describe('no leakage past the end', () => {
  it('the trained model is identical whatever happens after the end', () => {
    const end = 300;
    const base = shop(3, 150);
    // Same histories up to the end; after it, different purchases (more, fewer, other amounts).
    const rand = rng(99);
    const altered = base.map((c) => {
      const keep = c.purchases.days.filter((d) => d <= end);
      const extra = [
        ...new Set(Array.from({ length: Math.floor(rand() * 8) }, () => end + 1 + Math.floor(rand() * 100))),
      ].sort((a, b) => a - b);
      const days = [...keep, ...extra];
      return { purchases: { days, amounts: days.map((d, i) => (d <= end ? c.purchases.amounts[i] : 999)) } };
    });
    const opts = { end, horizonDays: 90, families: FEATURE_FAMILIES, seed: 5 };
    const fa = fitValueModel(base, opts);
    const fb = fitValueModel(altered, opts);
    expect(JSON.stringify(fb)).toBe(JSON.stringify(fa));
    expect(JSON.stringify(predictValue(fb, altered))).toBe(JSON.stringify(predictValue(fa, base)));
  });
});

describe('Poisson GBT', () => {
  it('learns a rate that depends on a feature, and keeps the training total', () => {
    const rand = rng(1);
    const n = 4000;
    const x = Float64Array.from({ length: n }, () => rand());
    const y = Array.from(x, (v) => {
      const mu = v < 0.5 ? 0.2 : 2;
      let k = 0;
      for (let t = -Math.log(rand()); t < mu; t += -Math.log(rand())) k++;
      return k;
    });
    const m = fitPoissonGbt([x], y, new Array(n).fill(0), { seed: 2 });
    expect(Math.exp(gbtMargin(m, [0.2]))).toBeGreaterThan(0.1);
    expect(Math.exp(gbtMargin(m, [0.2]))).toBeLessThan(0.35);
    expect(Math.exp(gbtMargin(m, [0.8]))).toBeGreaterThan(1.7);
    expect(Math.exp(gbtMargin(m, [0.8]))).toBeLessThan(2.3);
    const total = Array.from(x, (v) => Math.exp(gbtMargin(m, [v]))).reduce((s, v) => s + v, 0);
    expect(total / y.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 1);
  });
});
