/**
 * Simulated shops shaped like the other public corpora `eval:clv` may be run on (session 5,
 * clv-robust). Each is defined from the corpus's public description (its span, its customers, how
 * often they come back) BEFORE any model ran on it, and nothing is tuned on them: they check that
 * the product gives a sound answer, in reasonable time and memory, on those shapes. The tiny shop
 * needs no new process: it is an existing world at 300 customers (`clv-sim --customers 300`).
 */
import { gammaVariate, mulberry32 } from '../../../cloudfunctions/common/random';
import { parsePurchaseDay } from '../purchase-dates';
import { giftWholesaleWorld, iso, lifetime, lognormal, type SimCustomer, type SimWorld } from './worlds';

/** When a one-off marketplace opens, and its split (ISO days). */
export interface MarketplaceDates {
  open: string;
  calibrationEnd: string;
  holdoutEnd: string;
}

/** Olist's span: two years, six months of hold-out. */
export const OLIST_DATES: MarketplaceDates = {
  open: '2016-09-01',
  calibrationEnd: '2018-02-28',
  holdoutEnd: '2018-08-31',
};

/**
 * A one-off marketplace shaped like Olist (Brazilian e-commerce, ~96,000 customers over two years,
 * ~3 % of them ordering again). Open 2016-09-01; calibration to 2018-02-28, hold-out of six months
 * to 2018-08-31 (730 days in all). `dates` moves the shop to another span (the same process).
 * - Acquisition: day on [0, 729] with density growing linearly six-fold (the marketplace's growth);
 *   customers who join in the hold-out are in the file but not customers of the evaluation.
 * - 95 % buy once and never again; 5 % are returners: Poisson purchases at a rate ~ exponential
 *   with a mean of one per 120 days, for an exponential lifetime of mean 365 days. About 3 % of all
 *   customers then have a second purchase day in the file.
 * - Spend: each purchase day's payment ~ lognormal (median 100, σ 0.8), independent of the customer.
 * - Ids: 32 hex characters (as `customer_unique_id`).
 */
export function olistWorld(n: number, seed: number, dates: MarketplaceDates = OLIST_DATES): SimWorld {
  const rand = mulberry32(seed);
  const start = parsePurchaseDay(dates.open);
  const calibrationEnd = parsePurchaseDay(dates.calibrationEnd);
  const holdoutEnd = parsePurchaseDay(dates.holdoutEnd);
  const span = holdoutEnd - start; // 729 for Olist's dates
  const hex = () =>
    Array.from({ length: 4 }, () =>
      Math.floor(rand() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
  const customers: SimCustomer[] = [];
  for (let i = 0; i < n; i++) {
    let t: number;
    do t = Math.floor(rand() * (span + 1));
    while (rand() * 6 > 1 + (5 * t) / span);
    const acquired = start + t;
    const days = [acquired];
    if (rand() < 0.05) {
      const rate = gammaVariate(1, rand) / 120;
      const lastDay = Math.min(holdoutEnd, acquired + lifetime(rand, 365));
      let at = acquired;
      for (;;) {
        at += -Math.log(Math.max(rand(), 1e-12)) / Math.max(rate, 1e-9);
        const d = Math.floor(at);
        if (d > lastDay) break;
        if (d !== days[days.length - 1]) days.push(d);
      }
    }
    const amounts = days.map(() => Math.max(1, Math.round(lognormal(rand, 100, 0.8) * 100) / 100));
    customers.push({ id: hex(), days, amounts });
  }
  return {
    name: 'olist-like',
    process: `one-off marketplace: acquisition growing six-fold over ${dates === OLIST_DATES ? '2 years' : `${span + 1} d`}; 95 % buy once, 5 % Poisson (rate ~ exponential, mean 1 per 120 d) for an exponential lifetime (mean 365 d); ${calibrationEnd - start} d calibration, ${holdoutEnd - calibrationEnd} d hold-out`,
    customers,
    calibrationEnd: iso(calibrationEnd),
    holdoutEnd: iso(holdoutEnd),
  };
}

/**
 * UCI "Online Retail" (one year, 2010-12-01 to 2011-12-09) is a one-year slice of the shop whose
 * two years are "Online Retail II": many customers' first purchase in the file is not their first
 * purchase (the history is cut on the left), which BG/NBD and the features cannot know. So this
 * world is the gift wholesaler (worlds.ts) with every purchase before 2010-12-01 removed, and
 * customers without a purchase left dropped; calibration to 2011-09-09, hold-out the last three
 * months to 2011-12-09, as on the wholesaler.
 */
export function onlineRetailWorld(n: number, seed: number): SimWorld {
  const w = giftWholesaleWorld(n, seed);
  const from = parsePurchaseDay('2010-12-01');
  const customers: SimCustomer[] = [];
  for (const c of w.customers) {
    const k = c.days.findIndex((d) => d >= from);
    if (k >= 0) customers.push({ id: c.id, days: c.days.slice(k), amounts: c.amounts.slice(k) });
  }
  return {
    ...w,
    name: 'online-retail-1y',
    process: `one-year slice (from 2010-12-01) of the gift wholesaler: ${w.process.replace(/; 647 d calibration.*/, '')}; 282 d calibration in the file, 91 d hold-out`,
    customers,
  };
}
