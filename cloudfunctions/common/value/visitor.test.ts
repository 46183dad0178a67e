import { visitorCheck } from '../value-serving/visitor-check';
import type { BehaviourDay } from './features';
import { rng } from './gbt';
import type { CustomerHistory } from './learned';
import { auc } from './metrics';
import { fitValueModel } from './model';
import { profileValues } from './profile-value';
import { fitVisitorModel, isVisitorAt, predictVisitors, visitorRows, MIN_VISITOR_BUYERS, MIN_VISITOR_ROWS } from './visitor';

const day = (d: number, views: number, carts: number): BehaviourDay => ({
  day: d,
  views,
  carts,
  favourites: 0,
  sessions: 1,
  scoredReviews: 0,
  positiveSum: 0,
});

/**
 * A shop where carts drive first purchases: customers arrive over days 0..430 and browse for
 * a while; "carters" put things in the cart, and a cart is followed by a purchase within 10 days
 * 30 % of the time; browsers without carts rarely buy. After a first purchase, a few repeat.
 */
function cartShop(seed: number, n: number, end = 430): CustomerHistory[] {
  const rand = rng(seed);
  return Array.from({ length: n }, () => {
    const arrive = Math.floor(rand() * end);
    const carter = rand() < 0.4;
    const behaviour: BehaviourDay[] = [];
    const buys = new Set<number>();
    for (let d = arrive; d <= Math.min(end, arrive + 60); d++) {
      if (d !== arrive && rand() > 0.12) continue;
      const carts = carter && rand() < 0.6 ? 1 + Math.floor(rand() * 2) : 0;
      behaviour.push(day(d, 1 + Math.floor(rand() * 5), carts));
      if (carts > 0 && rand() < 0.3) buys.add(d + 1 + Math.floor(rand() * 10));
      else if (rand() < 0.01) buys.add(d + 1 + Math.floor(rand() * 10));
    }
    const first = Math.min(...buys);
    if (Number.isFinite(first)) for (let d = first + 20; d <= end; d += 20) if (rand() < 0.3) buys.add(d);
    const days = [...buys].filter((d) => d <= end).sort((a, b) => a - b);
    return { purchases: { days, amounts: days.map(() => 5000 + Math.floor(rand() * 5000)) }, behaviour };
  });
}

const OPTS = { end: 400, horizonDays: 90, seed: 1 };

describe('visitor (first-purchase) part', () => {
  const shop = cartShop(5, 3000);
  const model = fitValueModel(shop, OPTS);

  it('rows are visitors at each cut-off; features read nothing after it, targets nothing after the end', () => {
    const plan = { cutoffs: [250, 300], horizon: 90 };
    const rows = visitorRows(shop, plan, 350);
    // Everything after the cut-off changes: later behaviour, later purchases (after 350, the end).
    const changed = shop.map((c) => ({
      purchases: {
        days: [...c.purchases.days.filter((d) => d <= 350), 351, 360],
        amounts: [...c.purchases.amounts.filter((_, i) => c.purchases.days[i] <= 350), 1, 1],
      },
      behaviour: [...(c.behaviour ?? []), day(351, 50, 9), day(399, 3, 3)],
    }));
    expect(visitorRows(changed, plan, 350)).toEqual(rows);
    // Rows at 300 alone are unchanged by behaviour in (300, 350], too.
    const at300 = visitorRows(shop, { cutoffs: [300], horizon: 50 }, 350);
    const later = shop.map((c) => ({ ...c, behaviour: [...(c.behaviour ?? []), day(320, 40, 5)] }));
    expect(visitorRows(later, { cutoffs: [300], horizon: 50 }, 350).rows).toEqual(at300.rows);
    // Every row is a customer who had not bought by its cut-off.
    for (const i of rows.groups) expect(shop[i].purchases.days.filter((d) => d <= 250).length).toBe(0);
    const fitted = fitVisitorModel(shop, plan, { end: 350 });
    expect(fitVisitorModel(changed, plan, { end: 350 })).toEqual(fitted);
  });

  it('ranks carters first where carts drive first purchases, and prices them at the first-day spend', () => {
    const v = model.visitor!;
    expect(v.basis).toBe('trees');
    expect(v.cutoffs).toEqual(model.learned.cutoffs);
    expect(v.meanFirstSpend).toBeGreaterThan(5000);
    expect(v.meanFirstSpend).toBeLessThan(10_000);
    // Fresh customers of the same shop, judged at day 340 on what they did in (340, 430].
    const fresh = cartShop(6, 3000);
    const p = predictVisitors(v, fresh, 340, 90);
    const carted = p.index.map((i) => (fresh[i].behaviour ?? []).some((b) => b.day <= 340 && b.carts > 0));
    const mean = (want: boolean) => {
      const xs = p.expected.filter((_, k) => carted[k] === want);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    expect(mean(true)).toBeGreaterThan(2 * mean(false));
    const bought = p.index.map((i) => fresh[i].purchases.days.some((d) => d > 340 && d <= 430));
    expect(auc(p.expected, bought)).toBeGreaterThan(0.65);
  });

  it('stores the base rate alone when the shop has too few first purchases', () => {
    const small = cartShop(7, 150);
    const m = fitValueModel(small, OPTS).visitor!;
    expect(m.buyers).toBeLessThan(MIN_VISITOR_BUYERS);
    expect(m).toMatchObject({ basis: 'base_rate', reason: 'few_buyers' });
    expect(m.gbt).toBeUndefined();
    const p = predictVisitors(m, small, 400, 90);
    expect(new Set(p.expected).size).toBe(1);
    expect(p.expected[0]).toBeCloseTo((m.baseRate * 90) / m.trainingHorizonDays, 12);
    // A handful of browsers: no visitor part at all (no predictions for them).
    const few = small.filter((c) => c.purchases.days.length === 0).slice(0, 3);
    expect(visitorRows(few, { cutoffs: m.cutoffs, horizon: m.trainingHorizonDays }, 400).y.length).toBeLessThan(MIN_VISITOR_ROWS);
    expect(fitVisitorModel(few, { cutoffs: m.cutoffs, horizon: m.trainingHorizonDays }, { end: 400 })).toBeUndefined();
  });

  it("leaves the buyers' predictions byte-identical, and gives visitors a stage and no churn risk", () => {
    const without = fitValueModel(shop, { ...OPTS, visitor: 'none' });
    expect(without.visitor).toBeUndefined();
    const { visitor, ...buyersPart } = model;
    expect(visitor).toBeDefined();
    expect(JSON.stringify(buyersPart)).toBe(JSON.stringify(without));
    const a = profileValues(model, shop, 400, 1, 'v');
    const b = profileValues(without, shop, 400, 1, 'v');
    shop.forEach((c, i) => {
      if (c.purchases.days.some((d) => d <= 400)) expect(JSON.stringify(a[i])).toBe(JSON.stringify(b[i]));
      else if (isVisitorAt(c, 400)) {
        expect(b[i]).toBeNull();
        expect(a[i]).toMatchObject({ stage: 'visitor', version: 'v' });
        expect(a[i]).not.toHaveProperty('churnRisk');
        expect(a[i]).not.toHaveProperty('churnReason');
        expect(a[i]!.pActive).toBeCloseTo(1 - Math.exp(-a[i]!.purchases90d), 2);
      }
    });
    expect(a.filter((v) => v?.stage === 'visitor').length).toBeGreaterThan(50);
  });

  it('the held-out check serves trees that beat the base rate, and the base rate when they do not', () => {
    const check = visitorCheck(shop, { end: 430, horizonDays: 90 });
    expect(check).toMatchObject({ serve: 'trees', why: 'beats_constant', cut: 340 });
    expect(check.auc).toBeGreaterThan(0.6);
    expect(check.deviance).toBeLessThan(check.constantDeviance!);
    // Carts that predict nothing: purchases shuffled among the customers.
    const rand = rng(9);
    const order = shop.map((_, i) => i).sort(() => rand() - 0.5);
    const noise = shop.map((c, i) => ({ ...c, purchases: shop[order[i]].purchases }));
    const n = visitorCheck(noise, { end: 430, horizonDays: 90 });
    expect(n.serve).toBe('base');
    expect(fitValueModel(noise, { ...OPTS, visitor: n.serve }).visitor?.basis).toBe('base_rate');
  });
});
