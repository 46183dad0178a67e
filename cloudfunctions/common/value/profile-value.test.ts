import { sessionKey } from '../profile/bucket-keys';
import { dayIndex } from '../profile/day';
import type { DayBucket } from '../profile/types';
import { churnRisk } from './churn';
import { behaviourFeatures, FEATURE_NAMES } from './features';
import { rng } from './gbt';
import { fitValueModel } from './model';
import { historyOfProfile } from './profile-history';
import { profileValues } from './profile-value';

describe('historyOfProfile', () => {
  it('reads purchase days with their fen and the behaviour of every day, in day order', () => {
    const d: Record<string, DayBucket> = {
      d20240302: { pv: 3, ca: 1, s: { sA: 1, sB: 1 } },
      d20240301: { pu: 2, fen: 5900, pv: 1, rs: 1, rp: 900 },
      d20240305: { pu: 1, fen: 1200 },
      junk: { pu: 1 },
    };
    const h = historyOfProfile({ d });
    const day = (s: string) => dayIndex(Date.parse(`${s}T12:00:00+08:00`));
    expect(h.purchases).toEqual({ days: [day('2024-03-01'), day('2024-03-05')], amounts: [5900, 1200] });
    expect(h.behaviour?.map((b) => [b.views, b.carts, b.sessions])).toEqual([
      [1, 0, 0],
      [3, 1, 2],
      [0, 0, 0],
    ]);
    expect(h.behaviour?.[0].positiveSum).toBeCloseTo(0.9);
    // Buckets stored in day order (the usual case) are read without sorting: the same history.
    const ordered = Object.fromEntries(['junk', 'd20240301', 'd20240302', 'd20240305'].map((k) => [k, d[k]]));
    expect(historyOfProfile({ d: ordered })).toEqual(h);
  });

  it('counts a session stored under its old plain key and its new legal key once (a profile upgraded in place)', () => {
    // The day of the upgrade: events before it wrote `ss1-x`, events after it the encoded key.
    const upgraded = { d: { d20261206: { pv: 2, s: { 'ss1-x': 1, [sessionKey('s1-x')]: 1, s2: 1 } } } };
    const rebuilt = { d: { d20261206: { pv: 2, s: { [sessionKey('s1-x')]: 1, s2: 1 } } } };
    expect(historyOfProfile(upgraded).behaviour?.[0].sessions).toBe(2);
    expect(historyOfProfile(upgraded)).toEqual(historyOfProfile(rebuilt));
  });
});

describe('profile day buckets as behaviour columns', () => {
  it('reach the intent columns of the value model at a cut-off', () => {
    const d: Record<string, DayBucket> = {
      d20240301: { pu: 1, fen: 5900, pv: 4, ca: 1 },
      d20240309: { pv: 6, ca: 2, fv: 1, s: { sA: 1 } },
      d20240310: { pv: 2, ca: 1, s: { sB: 1 } },
      d20240311: { pv: 9, ca: 9 }, // after the cut-off
    };
    const h = historyOfProfile({ d });
    const cut = dayIndex(Date.parse('2024-03-10T12:00:00+08:00'));
    const cols = behaviourFeatures(h.behaviour!, cut, h.purchases.days[0]);
    const at = (n: string) => cols[FEATURE_NAMES.behaviour.indexOf(n)];
    expect([at('views_1'), at('carts_1'), at('views_2'), at('carts_2'), at('favourites_2')]).toEqual([
      2, 1, 8, 3, 1,
    ]);
    expect([at('days_since_cart'), at('carts_since_purchase'), at('carts_30'), at('sessions_30')]).toEqual([
      0, 3, 4, 2,
    ]);
  });
});

describe('churnRisk', () => {
  const base = { purchaseDays: 6, meanGapDays: 20, expectedPurchases: 2, horizonDays: 90 };
  it('is low for a customer on rhythm, high when long overdue, and says why in Chinese', () => {
    const low = churnRisk({ ...base, daysSinceLastPurchase: 10, pActive: 0.86 });
    expect(low.level).toBe('low');
    expect(low.reason).toContain('购买节奏正常');
    const high = churnRisk({ ...base, daysSinceLastPurchase: 120, pActive: 0.3 });
    expect(high.level).toBe('high');
    // High because long overdue (6× the usual gap), not because of the 30 % chance: said in that order.
    expect(high.reason).toBe(
      '已120天未购买，以往约每20天购买一次（共6次），已超过以往间隔的3倍，流失风险高；预计90天内再次购买的概率约30%',
    );
    expect(churnRisk({ ...base, daysSinceLastPurchase: 35, pActive: 0.6 }).level).toBe('medium');
    expect(
      churnRisk({ ...base, purchaseDays: 1, meanGapDays: null, daysSinceLastPurchase: 200, pActive: 0.05 })
        .reason,
    ).toMatch(/^只购买过一次，距今200天/);
  });
});

describe('churnRisk: the verdict beside the rule that set it', () => {
  const base = { purchaseDays: 20, meanGapDays: 21, expectedPurchases: 2, horizonDays: 90 };
  it("does not put 流失风险高 after an 86 % chance of buying (the demo's long-overdue regular)", () => {
    const r = churnRisk({ ...base, daysSinceLastPurchase: 65, pActive: 0.863 });
    expect(r.level).toBe('high');
    expect(r.reason).toBe('已65天未购买，以往约每21天购买一次（共20次），已超过以往间隔的3倍，流失风险高；预计90天内再次购买的概率约86%');
    expect(r.reason).not.toMatch(/概率约\d+%，流失风险高/);
  });
  it('keeps the chance as the reason when the chance sets the level', () => {
    const r = churnRisk({ ...base, daysSinceLastPurchase: 10, pActive: 0.3 });
    expect(r).toMatchObject({ level: 'medium', reason: '已10天未购买，以往约每21天购买一次（共20次）；预计90天内再次购买的概率约30%，有流失迹象' });
  });
  it('says two purchases as the one gap between them, not 「以往约每1天购买一次」', () => {
    const r = churnRisk({ ...base, purchaseDays: 2, meanGapDays: 1, daysSinceLastPurchase: 43, pActive: 0.471 });
    expect(r.reason).toBe('已43天未购买，此前两次购买相隔1天，已超过以往间隔的1.5倍，有流失迹象；预计90天内再次购买的概率约47%');
  });
  it('gives the levels the rule gave before (only the sentence changed)', () => {
    const before = (c: { pActive: number; meanGapDays: number | null; daysSinceLastPurchase: number }) => {
      const overdue = c.meanGapDays === null ? null : c.daysSinceLastPurchase / Math.max(c.meanGapDays, 1);
      if (c.pActive < 0.15 || (overdue !== null && overdue > 3 && c.daysSinceLastPurchase > 60)) return 'high';
      if (c.pActive < 0.4 || (overdue !== null && overdue > 1.5)) return 'medium';
      return 'low';
    };
    for (const pActive of [0.05, 0.15, 0.2, 0.4, 0.6, 0.95])
      for (const meanGapDays of [null, 0.5, 1, 7, 30, 90])
        for (const daysSinceLastPurchase of [0, 10, 45, 61, 100, 400]) {
          const c = { ...base, purchaseDays: meanGapDays === null ? 1 : 3, meanGapDays, daysSinceLastPurchase, pActive };
          expect([c, churnRisk(c).level]).toEqual([c, before(c)]);
        }
  });
});

describe('profileValues', () => {
  it('predicts for buyers only, with rounded figures and the version', () => {
    const rand = rng(11);
    const customers = Array.from({ length: 150 }, () => {
      const start = Math.floor(rand() * 200);
      const stop = start + Math.floor(rand() * 400); // each customer leaves at some point
      const days = [start];
      for (let d = start + 1; d <= Math.min(400, stop); d++) if (rand() < 0.05) days.push(d);
      return { purchases: { days, amounts: days.map(() => 1000 + Math.floor(rand() * 9000)) } };
    });
    customers.push({ purchases: { days: [], amounts: [] } });
    const model = fitValueModel(customers, { end: 400, horizonDays: 90, seed: 1 });
    const vs = profileValues(model, customers, 400, 123, 'v1');
    expect(vs[150]).toBeNull();
    for (const v of vs.slice(0, 150)) {
      expect(v).not.toBeNull();
      expect(v!.purchases90d).toBeGreaterThanOrEqual(0);
      expect(v!.pActive).toBeGreaterThanOrEqual(0);
      expect(v!.pActive).toBeLessThanOrEqual(1);
      expect(Number.isInteger(v!.spend90dFen)).toBe(true);
      expect(v!.stage).toBeUndefined();
      if (v!.stage !== 'visitor') expect(['low', 'medium', 'high']).toContain(v!.churnRisk);
      expect(v!.version).toBe('v1');
    }
    // Regular buyers silent for months are judged less active than ones who bought lately.
    const byRecency = vs
      .slice(0, 150)
      .map((v, i) => [400 - customers[i].purchases.days.at(-1)!, v!.pActive] as const);
    const recent = byRecency.filter(([r]) => r < 20).map(([, p]) => p);
    const stale = byRecency.filter(([r]) => r > 150).map(([, p]) => p);
    if (stale.length) expect(Math.max(...stale)).toBeLessThan(Math.max(...recent));
  });
});
