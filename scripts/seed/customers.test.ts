/**
 * The demo plan's purchase histories (no cloud): what the first value refit of `npm start` will
 * see. With the real data: an unbiased CDNOW sample (one-time buyers too) whose acquisition is
 * spread over a year, nothing after now. Without it: the simulated shop's long histories on this
 * year's festival dates. Both shops' back-test, as the refit runs it, must beat "no prediction".
 */
import { dayIndex } from '../../cloudfunctions/common/profile/day';
import { backtestValue } from '../../cloudfunctions/common/value-serving/backtest';
import { describeWithSharedData } from '../../test/helpers/shared-data';
import { unitPriceDistribution } from '../replay/prices';
import { readCdnow, readTaobao } from '../replay/sources';
import { buildCatalog } from './catalog';
import { CDNOW_CUSTOMERS, CDNOW_SPREAD_DAYS, planDemoEvents } from './customers';
import { yearsForward } from './generated';
import { planHistories } from './plan-histories';

const NOW = Date.UTC(2026, 11, 5, 3, 40);

const backtest = (h: ReturnType<typeof planHistories>) =>
  backtestValue([...h.values()], { end: dayIndex(NOW), horizonDays: 90, incumbent: null, seed: 1 });

describe('the generated demo shop', () => {
  const events = planDemoEvents({ taobao: null, cdnow: null, catalog: buildCatalog(null, []), prices: [], now: NOW, reviews: [] });
  const h = planHistories(events);

  it('moves the simulated calendar by whole years: festivals stay on their dates, the data reaches today', () => {
    const lastDay = Math.round(Date.UTC(2024, 11, 20) / 86_400_000);
    expect(yearsForward(lastDay, NOW)).toBe(2); // 2024-12-20 → 2026-12-20, on or after 2026-12-05
    expect(yearsForward(lastDay, Date.UTC(2026, 11, 25))).toBe(3);
    const double11 = [...h.values()].flatMap((c) => c.purchases.days).filter((d) => new Date(d * 86_400_000).toISOString().slice(5, 10) === '11-11');
    const ordinary = [...h.values()].flatMap((c) => c.purchases.days).filter((d) => new Date(d * 86_400_000).toISOString().slice(5, 10) === '11-04');
    expect(double11.length).toBeGreaterThan(3 * ordinary.length);
  });

  it('has hundreds of buyers with long histories and nothing after now', () => {
    expect(events.every((e) => e.event.clientTs <= NOW)).toBe(true);
    const long = [...h.values()].filter((c) => dayIndex(NOW) - c.purchases.days[0] > 365);
    expect(long.length).toBeGreaterThan(300);
  });

  it('its first refit’s back-test beats no prediction', () => {
    const bt = backtest(h);
    expect(bt.heldOut).toBeGreaterThan(300);
    expect(bt.candidate.rmse).toBeLessThan(bt.zeroRmse);
  });
});

describeWithSharedData('the demo shop from ../shared/data', (dir) => {
  const taobao = readTaobao(dir);
  const cdnow = readCdnow(dir);
  const prices = unitPriceDistribution(cdnow);
  const events = planDemoEvents({ taobao, cdnow, catalog: buildCatalog(taobao, prices), prices, now: NOW, reviews: [] });
  const h = planHistories(events);
  const cd = [...h.entries()].filter(([id]) => id.startsWith('cd_')).map(([, c]) => c);

  it('samples CDNOW customers without bias: one-time buyers too, acquisition spread over a year', () => {
    expect(cd.length).toBeGreaterThan(0.95 * CDNOW_CUSTOMERS);
    expect(cd.length).toBeLessThanOrEqual(CDNOW_CUSTOMERS);
    // About half of CDNOW's customers never bought again; the old demo sampled none of them.
    const once = cd.filter((c) => c.purchases.days.length === 1).length / cd.length;
    expect(once).toBeGreaterThan(0.35);
    const firsts = cd.map((c) => dayIndex(NOW) - c.purchases.days[0]).sort((a, b) => a - b);
    // CDNOW's first purchases span 90 days; spread over a year they span more than 300.
    expect(firsts[firsts.length - 1] - firsts[0]).toBeGreaterThan(CDNOW_SPREAD_DAYS - 60);
    expect(events.every((e) => e.event.clientTs <= NOW)).toBe(true);
  });

  it('its first refit’s back-test beats no prediction', () => {
    const bt = backtest(h);
    expect(bt.heldOut).toBeGreaterThan(500);
    expect(bt.candidate.rmse).toBeLessThan(bt.zeroRmse);
  });
});
