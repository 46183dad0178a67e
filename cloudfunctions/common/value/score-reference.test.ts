/**
 * The scoring pass against the code path it replaced, float for float. A seeded seasonal shop
 * (day buckets with behaviour, buyers and visitors, ~2.5 years) gets a real fit with last season's
 * trees and a log blend; every customer's predictions and profile value from the product's path
 * (profileValues → predictValue → the compiled tree set) must equal the reference below, which is
 * the path before the compiled set: one customer at a time, features without the BG/NBD memo, each
 * tree set walked node by node from its JSON (`gbtMargin`).
 */
import { dayKeyOfIndex } from '../profile/day';
import type { DayBucket } from '../profile/types';
import { bgnbdPAlive } from './bgnbd';
import { blendExpected } from './blend';
import { customerFeatures } from './features';
import { expectedSpendPerPurchase } from './gamma-gamma';
import { gbtMargin, rng } from './gbt';
import { historyUpTo, rfmAt } from './history';
import { levelled } from './hybrid-level';
import type { CustomerHistory } from './learned';
import { fitValueModel, predictValue, spendSummary, type ValuePrediction, type ValueModel } from './model';
import { historyOfProfile } from './profile-history';
import { buyerValue, profileValues, visitorValue, type ProfileValue } from './profile-value';
import { seasonMix } from './season-ensemble';
import { fitSeason } from './season-fit';
import { predictVisitors } from './visitor';

const END = 20_000;

/** Buyers whose repeat buying peaks in one quarter of the year, regulars, and visitors who never bought. */
function shop(seed: number, n: number): Record<string, DayBucket>[] {
  const rand = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const d: Record<string, DayBucket> = {};
    const start = END - 400 - Math.floor(rand() * 520);
    const seasonal = i % 3 === 0;
    const rate = 0.004 + rand() * 0.04;
    const stop = start + Math.floor(rand() * 900);
    for (let day = start; day <= END; day++) {
      const inSeason = ((day - END) % 365) + 365 < 90 || ((day - END) % 365) + 365 >= 355;
      const buys =
        i % 7 !== 6 && (day === start || (day <= stop && rand() < (seasonal && inSeason ? 4 : 1) * rate));
      const seen = rand() < 0.02;
      if (!buys && !seen) continue;
      const b: DayBucket = { e: 1, pv: 1 + Math.floor(rand() * 4) };
      if (rand() < 0.4) b.ca = 1 + Math.floor(rand() * 2);
      if (rand() < 0.1) b.fv = 1;
      if (rand() < 0.6) b.s = { [`s${day}`]: 1 };
      if (rand() < 0.05) Object.assign(b, { rs: 1, rp: Math.floor(rand() * 1000) });
      if (buys) Object.assign(b, { pu: 1, fen: 1000 + Math.floor(rand() * 20_000) });
      d[dayKeyOfIndex(day)] = b;
    }
    return d;
  });
}

/** The predictions as computed before the compiled set: one customer at a time, trees from JSON. */
function reference(
  model: ValueModel,
  customers: readonly CustomerHistory[],
  cut: number,
): (ValuePrediction | null)[] {
  const { learned, season } = model;
  return customers.map((c) => {
    if (c.purchases.days.length === 0 || c.purchases.days[0] > cut) return null;
    const h = historyUpTo(c.purchases, cut);
    const ctx = { cut, horizonDays: model.horizonDays, bgnbd: model.bgnbd, families: learned.families };
    const { row, bgnbdExpected } = customerFeatures(h, ctx, c.behaviour);
    const offset = learned.families.includes('bgnbd')
      ? Math.log(Math.max(bgnbdExpected, 1e-9))
      : Math.log(model.horizonDays / 7);
    const trees = Math.exp(offset + gbtMargin(learned.gbt, row));
    const shipped = levelled(model.level, blendExpected(model.blend, trees, bgnbdExpected));
    const expected = season
      ? season.scale *
        seasonMix(shipped, Math.exp(offset + gbtMargin(season.learned.gbt, row)), season.weight)
      : shipped;
    const perPurchase = model.gammaGamma
      ? expectedSpendPerPurchase(model.gammaGamma, spendSummary({ purchases: h }))
      : null;
    const fallback = h.amounts.reduce((s, v) => s + v, 0) / h.amounts.length;
    return {
      expectedPurchases: expected,
      bgnbdExpectedPurchases: bgnbdExpected,
      pAlive: bgnbdPAlive(model.bgnbd, rfmAt(h, cut)),
      expectedSpend: fallback > 0 ? expected * (perPurchase ?? fallback) : null,
    };
  });
}

/** The profile values from {@link reference}'s predictions (the stored shape's code is the product's). */
function referenceValues(
  model: ValueModel,
  customers: readonly CustomerHistory[],
  cut: number,
): (ProfileValue | null)[] {
  const out: (ProfileValue | null)[] = reference(model, customers, cut).map((p, i) =>
    p ? buyerValue(p, customers[i].purchases.days, cut, model.horizonDays, 7, 'v') : null,
  );
  if (model.visitor) {
    const v = predictVisitors(model.visitor, customers, cut, model.horizonDays);
    v.index.forEach(
      (ci, k) => (out[ci] = visitorValue(v.expected[k], model.visitor!.meanFirstSpend ?? 0, 7, 'v')),
    );
  }
  return out;
}

const profiles = shop(31, 700);
const customers = profiles.map((d) => historyOfProfile({ d }));
const fitted = fitValueModel(customers, { end: END, horizonDays: 90, seed: 1 });
// A log-space blend as the guard ships them, then last season's trees fitted on top, as refit does.
const seasonal = fitSeason(
  {
    ...fitted,
    blend: { weight: 0.7, scale: 1.1, judged: 300, rmse: { learned: 1, bgnbd: 1, blended: 1 }, space: 'log' },
  },
  customers,
);

describe('the scoring pass against the path before the compiled tree set', () => {
  it('has a real shop: two tree sets, buyers and visitors', () => {
    expect(seasonal.season).toBeDefined();
    expect(seasonal.learned.gbt.trees.length).toBeGreaterThan(10);
    expect(seasonal.season!.learned.gbt.trees.length).toBeGreaterThan(10);
    expect(seasonal.visitor).toBeDefined();
    const values = profileValues(seasonal, customers, END, 7, 'v');
    expect(values.filter((v) => v && v.stage === 'visitor').length).toBeGreaterThan(20);
    expect(values.filter((v) => v && v.stage === undefined).length).toBeGreaterThan(500);
  });

  // At the end, and at a cut-off inside the histories (later purchases must be cut off).
  it.each([
    ['with last season’s trees', END],
    ['with last season’s trees, earlier cut-off', END - 45],
    ['without them (a model stored before them)', END],
  ])('gives every customer the same floats, %s', (what, cut) => {
    const model = what.startsWith('without') ? { ...seasonal, season: undefined } : seasonal;
    const got = predictValue(model, customers, cut);
    const want = reference(model, customers, cut);
    let same = 0;
    got.forEach((p, i) => {
      const w = want[i];
      if (p === null || w === null) return expect(p).toBe(w);
      if (
        Object.is(p.expectedPurchases, w.expectedPurchases) &&
        Object.is(p.bgnbdExpectedPurchases, w.bgnbdExpectedPurchases) &&
        Object.is(p.pAlive, w.pAlive) &&
        Object.is(p.expectedSpend, w.expectedSpend)
      )
        same++;
    });
    expect(same).toBe(want.filter((w) => w).length);
    expect(profileValues(model, customers, cut, 7, 'v')).toStrictEqual(
      referenceValues(model, customers, cut),
    );
  });
});
