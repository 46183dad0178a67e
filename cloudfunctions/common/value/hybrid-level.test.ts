import fc from 'fast-check';
import { backtestWindow, fitGuardedValueModel, likeTheFit } from '../value-serving/backtest';
import { bgnbdExpected } from './bgnbd';
import { FEATURE_FAMILIES } from './features';
import { hybridLevel, levelApplies, levelled, rfmAtEnd } from './hybrid-level';
import { trainingCutoffs } from './learned';
import { fitValueModel, predictValue, type ValueModel } from './model';
import { fitParetoNbd, paretoNbdExpected } from './pareto-nbd';
import { randomShop as shop } from './random-shop.test-helper';
import { lastSeasonPlan } from './season-ensemble';

const bg = { r: 0.25, alpha: 4, a: 0.8, b: 2.5, logLikelihood: 0, customers: 3, evaluations: 0 };
const pn = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67, logLikelihood: -1, customers: 3, evaluations: 0 };

describe('the hybrid level', () => {
  it('is Σ hybrid ÷ Σ BG/NBD: BG/NBD for one-time buyers, Pareto/NBD for repeaters', () => {
    const one = { x: 0, tx: 0, T: 30 };
    const rep = { x: 3, tx: 20, T: 30 };
    const rfm = [one, rep, one];
    const level = hybridLevel(rfm, 91, bg, pn);
    const b = (c: typeof one) => bgnbdExpected(bg, c, 13);
    const hybrid = 2 * b(one) + paretoNbdExpected(pn, rep, 13);
    const bgnbd = 2 * b(one) + b(rep);
    expect(level?.factor).toBeCloseTo(hybrid / bgnbd, 12);
    expect(level).toMatchObject({ customers: 3, pnbd: { r: pn.r, s: pn.s, logLikelihood: -1 } });
    expect(level?.hybridTotal).toBeCloseTo(hybrid, 12);
    // Nobody bought twice: the hybrid is BG/NBD itself, the factor exactly 1.
    expect(hybridLevel([one, { x: 0, tx: 0, T: 10 }], 91, bg, pn)?.factor).toBe(1);
    // No customers: no level.
    expect(hybridLevel([], 91, bg, pn)).toBeUndefined();
  });

  it('applies only with h′ < h, the bgnbd family and trees', () => {
    expect(levelApplies({ horizon: 102 }, 273, FEATURE_FAMILIES, true)).toBe(true);
    expect(levelApplies({ horizon: 90 }, 90, FEATURE_FAMILIES, true)).toBe(false);
    expect(levelApplies({ horizon: 102 }, 273, FEATURE_FAMILIES, false)).toBe(false);
    expect(levelApplies({ horizon: 102 }, 273, ['rfm'], true)).toBe(false);
    expect(levelled(undefined, 0.3)).toBe(0.3);
  });
});

describe('a model with a level', () => {
  const customers = shop(3, 200);
  const base = fitValueModel(customers, { end: 400, horizonDays: 90, seed: 1, visitor: 'none', youngShop: false });

  it('predicts the factor times the expectation and spend, BG/NBD and P(alive) unchanged', () => {
    const rfm = rfmAtEnd(customers, 400);
    const level = hybridLevel(rfm, 90, base.bgnbd, fitParetoNbd(rfm));
    const withLevel: ValueModel = { ...base, level: { ...level!, factor: 1.25 } };
    const a = predictValue(base, customers);
    const b = predictValue(withLevel, customers);
    expect(b.filter(Boolean).length).toBe(customers.length);
    b.forEach((p, i) => {
      expect(p!.expectedPurchases).toBe(a[i]!.expectedPurchases * 1.25);
      expect(p!.expectedSpend).toBeCloseTo(a[i]!.expectedSpend! * 1.25, 9);
      expect(p!.bgnbdExpectedPurchases).toBe(a[i]!.bgnbdExpectedPurchases);
      expect(p!.pAlive).toBe(a[i]!.pAlive);
    });
  });
});

describe('the level never acts with a blend or a season set', () => {
  it('a plan with h′ < h has no back-test like the fit and no last-season plan (any history)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 2, max: 2000 }), fc.integer({ min: 7, max: 400 }), (first, len, h) => {
        const end = first + len;
        const plan = trainingCutoffs(first, end, h);
        if (!levelApplies(plan, h, FEATURE_FAMILIES, true)) return true;
        return !likeTheFit(first, backtestWindow(first, end, h).cut, h) && lastSeasonPlan(first, end, h) === null;
      }),
      { numRuns: 2000 },
    );
  });

  it("a short history's guarded fit has the level, and no blend or season set", () => {
    const customers = shop(5, 250);
    // With the last-season set asked for, whatever its default.
    const { model, backtest } = fitGuardedValueModel(customers, { end: 400, horizonDays: 273, seed: 1, season: true });
    expect(backtest).toBeNull();
    expect(model.level?.factor).toBeGreaterThan(0);
    expect(model.blend).toBeUndefined();
    expect(model.season).toBeUndefined();
    // What it predicts is the level times the same model without it.
    const without = predictValue({ ...model, level: undefined }, customers);
    predictValue(model, customers).forEach((p, i) =>
      expect(p!.expectedPurchases).toBe(without[i]!.expectedPurchases * model.level!.factor),
    );
  });
});
