/**
 * The festival worlds are what their documentation says (checked on the data, no model involved):
 * deterministic per seed, Double 11 bigger than 618, gift buyers only in the weeks before the lunar
 * New Year, and hold-outs over the season they are meant to test.
 */
import { parsePurchaseDay } from '../purchase-dates';
import { CHINESE_NEW_YEAR, festivalApparelWorld, newYearGiftsWorld } from './festival-worlds';
import { iso } from './worlds';

const countOn = (days: number[][], mmdd: string) =>
  days.reduce((s, ds) => s + ds.filter((d) => iso(d).slice(5) === mmdd).length, 0);

describe('festival worlds', () => {
  it('apparel: deterministic, Double 11 the larger peak, both far above an ordinary day, hold-out over Double 11', () => {
    const w = festivalApparelWorld(2000, 3);
    expect(festivalApparelWorld(2000, 3)).toEqual(w);
    expect(festivalApparelWorld(2000, 4)).not.toEqual(w);
    const days = w.customers.map((c) => c.days);
    const d11 = countOn(days, '11-11');
    const d618 = countOn(days, '06-18');
    const ordinary = countOn(days, '08-20');
    expect(d11).toBeGreaterThan(1.5 * d618);
    expect(d618).toBeGreaterThan(3 * ordinary);
    const [end, holdout] = [parsePurchaseDay(w.calibrationEnd), parsePurchaseDay(w.holdoutEnd)];
    expect(end).toBeLessThan(parsePurchaseDay('2024-11-11'));
    expect(holdout).toBeGreaterThan(parsePurchaseDay('2024-11-11'));
    expect(end - parsePurchaseDay('2022-03-01')).toBeGreaterThan(2 * 365);
    for (const c of w.customers) expect(c.days).toEqual([...new Set(c.days)].sort((a, b) => a - b));
  });

  it('new-year gifts: three years of calibration, gift buyers only 6–35 days before a lunar New Year', () => {
    const w = newYearGiftsWorld(2000, 3);
    expect(newYearGiftsWorld(2000, 3)).toEqual(w);
    const [end, holdout] = [parsePurchaseDay(w.calibrationEnd), parsePurchaseDay(w.holdoutEnd)];
    expect(end - parsePurchaseDay('2021-12-01')).toBeGreaterThan(3 * 365);
    expect(holdout).toBeGreaterThan(CHINESE_NEW_YEAR[3]);
    const inSeason = (d: number) => CHINESE_NEW_YEAR.some((ny) => d >= ny - 35 && d <= ny - 6);
    const seasonal = w.customers.filter((c) => c.days.every(inSeason));
    // 40 % are gift buyers; a few steady buyers also fall wholly inside a season by chance.
    expect(seasonal.length / w.customers.length).toBeGreaterThan(0.38);
    expect(seasonal.length / w.customers.length).toBeLessThan(0.46);
    // Couriers stop around the holiday: steady buying almost vanishes then.
    const days = w.customers.map((c) => c.days);
    const around = days.reduce(
      (s, ds) => s + ds.filter((d) => CHINESE_NEW_YEAR.some((ny) => d > ny - 5 && d < ny + 7)).length,
      0,
    );
    const before = days.reduce(
      (s, ds) => s + ds.filter((d) => CHINESE_NEW_YEAR.some((ny) => d > ny - 18 && d < ny - 6)).length,
      0,
    );
    expect(around).toBeLessThan(before / 5);
  });
});
