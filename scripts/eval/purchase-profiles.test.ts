import { FEATURE_NAMES } from '../../cloudfunctions/common/features';
import { endOfDay, historyCustomer, usefulnessInputAt } from './purchase-profiles';
import { usefulnessInput } from './purchase-usefulness-input';

const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const col = (n: string) => FEATURE_NAMES.indexOf(n);

describe('customers at a cut (profiles through the product reducer + feature spec)', () => {
  const cal = D('2021-03-31');
  const hold = D('2021-06-30');
  const a = { days: [D('2021-01-05'), D('2021-03-31'), D('2021-04-02'), D('2021-05-20')], amounts: [10, 20, 5, 7] };
  const late = { days: [D('2021-04-10')], amounts: [30] };

  it('sees only what happened up to the end of the calibration day; the rest is the hold-out', () => {
    const inp = usefulnessInput([a, late], cal, hold, true);
    expect(inp.rows).toHaveLength(1); // the customer who first bought after the cut is not a customer yet
    const x = inp.rows[0];
    expect(x[col('frequency_365d')]).toBeCloseTo(Math.log1p(2), 12); // 01-05 and 03-31 (end of day inclusive)
    expect(x[col('monetary_365d')]).toBeCloseTo(Math.log1p(30), 12);
    expect(x[col('has_purchased')]).toBe(1);
    expect(inp.rfm[0]).toEqual({ recencyDays: 0, frequency: 2, monetary: 30 });
    expect(inp.holdoutPurchases).toEqual([2]);
    expect(inp.holdoutSpend).toEqual([12]);
  });

  it('gives the same features whatever happens after the cut', () => {
    const cut = { days: a.days.slice(0, 2), amounts: a.amounts.slice(0, 2) };
    expect(usefulnessInput([cut], cal, hold, true).rows).toEqual(usefulnessInput([a], cal, hold, true).rows);
  });

  it('counts visitors who never bought, ranked below every buyer, and no spend without amounts', () => {
    const visitor = { id: 'v', events: [{ ts: endOfDay(cal) - 5_000, kind: 'view' as const, categoryId: 'c' }] };
    const inp = usefulnessInputAt([visitor, historyCustomer('b', a)], endOfDay(cal), endOfDay(hold), false);
    expect(inp.rows.map((r) => r[col('has_purchased')])).toEqual([0, 1]);
    expect(inp.rfm[0].recencyDays).toBeGreaterThan(inp.rfm[1].recencyDays);
    expect(inp.holdoutSpend).toBeNull();
  });
});
