/**
 * A stored model's last-season set (`ValueModel.season`) in prediction and serving: the mix by
 * hand, spend following the mixed count, and a model without it predicting exactly as before
 * (blendExpected over predictLearned, the definition before the field existed).
 */
import { blendExpected } from './blend';
import { rng } from './gbt';
import { predictLearned, type CustomerHistory } from './learned';
import { fitValueModel, predictValue, type ValueModel } from './model';
import { profileValues } from './profile-value';

const rand = rng(23);
const customers: CustomerHistory[] = Array.from({ length: 200 }, () => {
  const start = Math.floor(rand() * 200);
  const stop = start + Math.floor(rand() * 400);
  const days = [start];
  for (let d = start + 1; d <= Math.min(400, stop); d++) if (rand() < 0.05) days.push(d);
  return { purchases: { days, amounts: days.map(() => 1000 + Math.floor(rand() * 9000)) } };
});
const fitted = fitValueModel(customers, { end: 400, horizonDays: 90, seed: 1, youngShop: false, visitor: 'none' });
// A log-space blend as the guard ships them, so the season mix sits on top of a real blend.
const model: ValueModel = {
  ...fitted,
  blend: { weight: 0.5, scale: 1.2, judged: 100, rmse: { learned: 1, bgnbd: 1, blended: 1 }, space: 'log' },
};
// A season set whose trees are one constant, log 2: its expectation is BG/NBD × 2 for everyone.
const season = {
  learned: { ...model.learned, gbt: { ...model.learned.gbt, bias: Math.log(2), trees: [] } },
  weight: 0.5,
  scale: 0.9,
};
const withSeason: ValueModel = { ...model, season };
const cut = 380;

describe('a stored last-season set in prediction', () => {
  it('has trees to mix with (the fixture is a real fit)', () => {
    expect(model.learned.gbt.trees.length).toBeGreaterThan(0);
  });

  it('without it, predicts blendExpected(blend, learned, BG/NBD) exactly, as before the field', () => {
    const ref = predictLearned(model.learned, customers, cut, 90, model.bgnbd);
    const preds = predictValue(model, customers, cut);
    ref.index.forEach((ci, k) => {
      expect(preds[ci]!.expectedPurchases).toBe(blendExpected(model.blend, ref.expected[k], ref.bgnbd[k]));
      expect(preds[ci]!.bgnbdExpectedPurchases).toBe(ref.bgnbd[k]);
    });
    expect(preds.filter((p) => p).length).toBe(ref.index.length);
    // A stored model read back from JSON predicts the same digits.
    expect(predictValue(JSON.parse(JSON.stringify(model)) as ValueModel, customers, cut)).toEqual(preds);
  });

  it('with it, predicts scale · shipped^½ · (BG/NBD · e^trees)^½ — checked by hand', () => {
    const before = predictValue(model, customers, cut);
    const after = predictValue(withSeason, customers, cut);
    let n = 0;
    before.forEach((b, i) => {
      const a = after[i];
      if (!b) return expect(a).toBeNull();
      n++;
      const byHand = 0.9 * Math.sqrt(b.expectedPurchases * b.bgnbdExpectedPurchases * 2);
      expect(a!.expectedPurchases).toBeCloseTo(byHand, 12);
      expect(a!.bgnbdExpectedPurchases).toBe(b.bgnbdExpectedPurchases);
      expect(a!.pAlive).toBe(b.pAlive);
      // Spend per purchase is unchanged: spend follows the mixed count.
      if (b.expectedSpend !== null && b.expectedPurchases > 0)
        expect(a!.expectedSpend! / a!.expectedPurchases).toBeCloseTo(b.expectedSpend / b.expectedPurchases, 9);
    });
    expect(n).toBeGreaterThan(150);
    // Weight 0 keeps the shipped expectation (times the scale); weight 1 is the season set alone.
    const w0 = predictValue({ ...model, season: { ...season, weight: 0, scale: 1 } }, customers, cut);
    const w1 = predictValue({ ...model, season: { ...season, weight: 1, scale: 1 } }, customers, cut);
    before.forEach((b, i) => {
      if (!b) return;
      expect(w0[i]!.expectedPurchases).toBeCloseTo(b.expectedPurchases, 12);
      expect(w1[i]!.expectedPurchases).toBeCloseTo(2 * b.bgnbdExpectedPurchases, 12);
    });
  });

  it('reaches the profile (the scoring pass’s path)', () => {
    const plain = profileValues(model, customers, cut, 1, 'v');
    const mixed = profileValues(withSeason, customers, cut, 1, 'v');
    const byHand = predictValue(withSeason, customers, cut);
    mixed.forEach((v, i) => {
      if (!v) return expect(plain[i]).toBeNull();
      expect(v.purchases90d).toBe(Math.round(byHand[i]!.expectedPurchases * 1000) / 1000);
      expect(v.spend90dFen).toBe(Math.round(byHand[i]!.expectedSpend ?? 0));
    });
    expect(mixed.some((v, i) => v!.purchases90d !== plain[i]!.purchases90d)).toBe(true);
  });

  it('a season set on other columns scores its own rows (no shared matrix)', () => {
    const other = { ...season, learned: { ...season.learned, families: ['rfm' as const], featureNames: [] } };
    // Columns that are not this code's for those families are refused, as for the shipped trees.
    expect(() => predictValue({ ...model, season: other }, customers, cut)).toThrow(/differ from this code/);
  });
});
