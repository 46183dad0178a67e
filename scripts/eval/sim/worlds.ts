/**
 * Seeded simulated shops for checking the value method on histories unlike CDNOW's (the data we
 * will be judged on is not ours to see). These are TESTS OF THE METHOD, not training data: nothing
 * is tuned on them. Each world states its generating process; every draw comes from one seeded
 * mulberry32 stream, so a (world, seed) pair is the same shop on every machine.
 */
import {
  betaVariate,
  gammaVariate,
  gaussian,
  mulberry32,
  type Rng,
} from '../../../cloudfunctions/common/random';
import { parsePurchaseDay } from '../purchase-dates';
import { loadCdnow } from '../purchases-csv';

/** One simulated customer: distinct purchase days and the money spent each day. */
export interface SimCustomer {
  id: string;
  days: number[];
  amounts: number[];
}

/** A simulated shop with the split to evaluate it on. */
export interface SimWorld {
  name: string;
  /** how it was generated, for the report */
  process: string;
  customers: SimCustomer[];
  calibrationEnd: string;
  holdoutEnd: string;
}

const DAY_MS = 86_400_000;
/** The calendar date of a day number. */
export const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** An exponential lifetime in whole days with mean `mean` (every world's dropout). */
export const lifetime = (rand: Rng, mean: number) => Math.floor(-Math.log(Math.max(rand(), 1e-12)) * mean);
/** A lognormal draw with the given median. */
export const lognormal = (rand: Rng, median: number, sigma: number) =>
  median * Math.exp(sigma * gaussian(rand));

/** Day amounts: a customer's mean spend with Gamma(4) day-to-day noise, in cents. */
export function spender(rand: Rng): () => number {
  const mean = lognormal(rand, 30, 0.7);
  return () => Math.max(1, Math.round(((gammaVariate(4, rand) * mean) / 4) * 100) / 100);
}

/** Seasonal intensity 1 + amplitude·cos(2π(day − peak)/365.25): the peak's calendar day each year. */
const yearlySeason = (peak: number) => (amp: number, day: number) =>
  1 + amp * Math.cos((2 * Math.PI * (day - peak)) / 365.25);

/**
 * Purchase days from `acquired` to `lastDay`: gaps are Gamma(k, cycle/k) in seasonal time (a
 * purchase falls when Σ intensity(d) over the days since the last one reaches the gap).
 * `stretch(d)` (default 1) multiplies the gap drawn after a purchase on day d: stocking up.
 */
export function cycleDays(
  rand: Rng,
  acquired: number,
  lastDay: number,
  k: number,
  cycle: number,
  intensity: (day: number) => number,
  stretch: (day: number) => number = () => 1,
): number[] {
  const days = [acquired];
  let gap = ((gammaVariate(k, rand) * cycle) / k) * stretch(acquired);
  let acc = 0;
  for (let d = acquired + 1; d <= lastDay; d++) {
    acc += intensity(d);
    if (acc >= gap) {
      days.push(d);
      acc = 0;
      gap = ((gammaVariate(k, rand) * cycle) / k) * stretch(d);
    }
  }
  return days;
}

/**
 * Regular buyers with a yearly season (what BG/NBD cannot represent). A shop open from 2020-12-01;
 * calibration to 2022-09-09 (647 days), hold-out to 2022-12-09 (91 days, the Christmas quarter),
 * the shape of a two-year retail export.
 * - Acquisition: day uniform on [0, 560], thinned by the season (more newcomers before Christmas).
 * - Season: intensity s(t) = 1 + A·cos(2π(t − peak)/365.25), peak on 25 November; A = 0.8 for the
 *   30 % "Christmas shoppers", 0.2 for the others.
 * - Cycle: gaps between purchases are Gamma(k, m/k) in seasonal time (a purchase falls when
 *   Σ s(t) over the days since the last one reaches the gap), with the customer's median cycle
 *   m ~ lognormal(median 45 days, σ 0.6) clipped to [7, 240], and regularity k = 1 (Poisson-like),
 *   4 or 10 with probabilities 0.3, 0.4, 0.3.
 * - Dropout: lifetime after acquisition ~ exponential, mean 540 days (no purchase after it).
 * - Spend: a purchase day's amount ~ the customer's mean (lognormal, median 30) × Gamma(4)/4.
 * `oneYear`: the same shop opened on 2021-12-01 (joining over its first 200 days), so the
 * calibration holds 282 days and no earlier Christmas quarter — a one-year export.
 */
export function cyclicSeasonalWorld(n: number, seed: number, oneYear = false): SimWorld {
  const rand = mulberry32(seed);
  const start = parsePurchaseDay(oneYear ? '2021-12-01' : '2020-12-01');
  const joinDays = oneYear ? 200 : 561;
  const calibrationEnd = parsePurchaseDay('2022-09-09');
  const holdoutEnd = parsePurchaseDay('2022-12-09');
  const season = yearlySeason(parsePurchaseDay('2021-11-25'));
  const customers: SimCustomer[] = [];
  for (let i = 0; i < n; i++) {
    let acquired: number;
    do acquired = start + Math.floor(rand() * joinDays);
    while (rand() * 1.5 > season(0.5, acquired));
    const amp = rand() < 0.3 ? 0.8 : 0.2;
    const cycle = Math.min(240, Math.max(7, lognormal(rand, 45, 0.6)));
    const u = rand();
    const k = u < 0.3 ? 1 : u < 0.7 ? 4 : 10;
    const lastDay = Math.min(holdoutEnd, acquired + lifetime(rand, 540));
    const spend = spender(rand);
    const days = cycleDays(rand, acquired, lastDay, k, cycle, (d) => season(amp, d));
    customers.push({ id: `C${10000 + i}`, days, amounts: days.map(spend) });
  }
  return {
    name: oneYear ? 'cyclic-seasonal-1y' : 'cyclic-seasonal',
    process: `regular cycles (Gamma(k) gaps, k ∈ {1,4,10}, median 45 d) in seasonal time (peak 25 Nov, amplitude 0.8 for 30 %, 0.2 else), exponential lifetime (mean 540 d); ${oneYear ? '282' : '647'} d calibration, 91 d hold-out`,
    customers,
    calibrationEnd: iso(calibrationEnd),
    holdoutEnd: iso(holdoutEnd),
  };
}

/**
 * A gift wholesaler: small shops restocking from it, a November peak every account shares, heavy
 * regular accounts beside many occasional buyers — the shape of a two-year B2B gift export (UCI
 * "Online Retail II" is one). Defined before any model ran on it (session 4, clv-guard), as a
 * second seasonal shop unlike cyclic-seasonal: there 30 % surge and the rest barely move; here
 * every account follows the season, each by its own amount, and regular buying dominates.
 * Open from 2009-12-01; calibration to 2011-09-09 (647 days), hold-out to 2011-12-09 (91 days).
 * - Accounts: 40 % occasional (Poisson in seasonal time, rate ~ Gamma(0.6) with a mean of one
 *   purchase day per 120 days; cycle clipped to [7, 720]), 45 % regular retailers (Gamma(4) gaps,
 *   median cycle 35 days, lognormal σ 0.5) and 15 % heavy accounts (Gamma(6) gaps, median cycle 9
 *   days, σ 0.4), cycles clipped to [3, 240] for the regular kinds.
 * - Season: intensity 1 + A·cos(2π(t − 15 Nov)/365.25), the account's A ~ uniform(0.2, 0.7).
 * - Acquisition: day uniform on [0, 640], thinned by the season at amplitude 0.4.
 * - Dropout: exponential lifetime after acquisition, mean 300 / 800 / 1,200 days by kind.
 * - Spend: as the other worlds (the account's lognormal mean × Gamma(4)/4), × 4 for heavy accounts.
 */
export function giftWholesaleWorld(n: number, seed: number): SimWorld {
  const rand = mulberry32(seed);
  const start = parsePurchaseDay('2009-12-01');
  const calibrationEnd = parsePurchaseDay('2011-09-09');
  const holdoutEnd = parsePurchaseDay('2011-12-09');
  const season = yearlySeason(parsePurchaseDay('2010-11-15'));
  const customers: SimCustomer[] = [];
  for (let i = 0; i < n; i++) {
    let acquired: number;
    do acquired = start + Math.floor(rand() * 641);
    while (rand() * 1.4 > season(0.4, acquired));
    const u = rand();
    const kind = u < 0.4 ? 'occasional' : u < 0.85 ? 'regular' : 'heavy';
    const amp = 0.2 + 0.5 * rand();
    let k: number;
    let cycle: number;
    if (kind === 'occasional') {
      k = 1;
      cycle = Math.min(720, Math.max(7, 1 / Math.max((gammaVariate(0.6, rand) / 0.6) * (1 / 120), 1e-9)));
    } else if (kind === 'regular') {
      k = 4;
      cycle = Math.min(240, Math.max(3, lognormal(rand, 35, 0.5)));
    } else {
      k = 6;
      cycle = Math.min(240, Math.max(3, lognormal(rand, 9, 0.4)));
    }
    const life = kind === 'occasional' ? 300 : kind === 'regular' ? 800 : 1200;
    const lastDay = Math.min(holdoutEnd, acquired + lifetime(rand, life));
    const base = spender(rand);
    const spend = kind === 'heavy' ? () => Math.round(base() * 400) / 100 : base;
    const days = cycleDays(rand, acquired, lastDay, k, cycle, (d) => season(amp, d));
    customers.push({ id: `G${10000 + i}`, days, amounts: days.map(spend) });
  }
  return {
    name: 'gift-wholesale',
    process:
      'gift wholesaler: 40 % occasional (Poisson, mean 1 per 120 d), 45 % regular (Gamma(4), median 35 d), 15 % heavy (Gamma(6), median 9 d); every account seasonal (peak 15 Nov, amplitude U(0.2, 0.7)); lifetimes 300/800/1200 d; 647 d calibration, 91 d hold-out',
    customers,
    calibrationEnd: iso(calibrationEnd),
    holdoutEnd: iso(holdoutEnd),
  };
}

/** CDNOW's BG/NBD fit (models/value/report.md, "CDNOW: the classic split"; weeks). */
export const CDNOW_BGNBD = { r: 0.2527, alpha: 4.797, a: 0.7223, b: 2.157 };

/**
 * One BG/NBD customer with CDNOW's parameters who first buys on `first`: λ ~ Gamma(r, rate α)
 * purchase days per week, p ~ Beta(a, b) the chance of leaving after each repeat purchase; purchase
 * days to `lastDay`, and the day amounts. `keep(t)`, when given, thins each candidate purchase at
 * age t weeks (burst-worlds.ts's slowing world); without it the draws are the plain process's.
 */
export function bgnbdCustomer(rand: Rng, first: number, lastDay: number, keep?: (t: number) => boolean): { days: number[]; spend: () => number } {
  const p = CDNOW_BGNBD;
  const lambda = gammaVariate(p.r, rand) / p.alpha;
  const drop = betaVariate(p.a, p.b, rand);
  const spend = spender(rand);
  const days = [first];
  let t = 0; // weeks since the first purchase
  for (;;) {
    t += -Math.log(Math.max(rand(), 1e-300)) / Math.max(lambda, 1e-12);
    const d = first + Math.floor(t * 7);
    if (d > lastDay) break;
    if (keep && !keep(t)) continue;
    if (d !== days[days.length - 1]) days.push(d);
    if (rand() < drop) break;
  }
  return { days, spend };
}

/**
 * A pure BG/NBD world with CDNOW's fitted parameters, where BG/NBD is the true model: λ ~ Gamma(r,
 * rate α) purchases per week, p ~ Beta(a, b); purchases are a Poisson process at λ from the first
 * purchase; after each repeat purchase the customer leaves with probability p. Spend as above.
 * `long`: customers join uniformly over the first 52 weeks of a 2021-01-04 start, calibration 91
 * weeks, hold-out 13 weeks (a year and more of history, 3-month hold-out). Otherwise CDNOW's
 * shape: joining over 12 weeks, 39-week calibration, 39-week hold-out. `'3y'` (session 5,
 * clv-season, defined before any model ran on it): joining over 104 weeks, calibration 156 weeks,
 * hold-out 13 — three years with no season at all, long enough for any procedure that learns from
 * last year's same season, so it can show what such a procedure costs where there is none.
 */
export function bgnbdWorld(n: number, seed: number, long: boolean | '3y'): SimWorld {
  const rand = mulberry32(seed);
  const start = parsePurchaseDay('2021-01-04');
  const joinWeeks = long === '3y' ? 104 : long ? 52 : 12;
  const calibrationEnd = start + 7 * (long === '3y' ? 156 : long ? 91 : 39) - 1;
  const holdoutEnd = calibrationEnd + 7 * (long ? 13 : 39);
  const customers: SimCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const first = start + Math.floor(rand() * 7 * joinWeeks);
    const { days, spend } = bgnbdCustomer(rand, first, holdoutEnd);
    customers.push({ id: `B${10000 + i}`, days, amounts: days.map(spend) });
  }
  return {
    name: long === '3y' ? 'bgnbd-3y' : long ? 'bgnbd-long' : 'bgnbd-cdnow-shape',
    process:
      long === '3y'
        ? "BG/NBD with CDNOW's parameters; joining over 104 weeks; 156-week calibration, 13-week hold-out"
        : long
          ? "BG/NBD with CDNOW's parameters; joining over 52 weeks; 91-week calibration, 13-week hold-out"
          : "BG/NBD with CDNOW's parameters; joining over 12 weeks; 39-week calibration, 39-week hold-out",
    customers,
    calibrationEnd: iso(calibrationEnd),
    holdoutEnd: iso(holdoutEnd),
  };
}

/**
 * CDNOW resampled to any size, for timing the command on a big export: customers drawn with
 * replacement from CDNOW's histories (`loadCdnow(dataDir)`), days and amounts as they are (shifting them
 * would empty the end of the hold-out), the classic split (to 1997-09-30 / 1998-06-30). Its
 * accuracy figures are CDNOW's with each customer repeated, nothing more.
 */
export function cdnowResampled(n: number, seed: number, dataDir: string): SimWorld {
  const rand = mulberry32(seed);
  const base = loadCdnow(dataDir);
  const customers: SimCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const h = base[Math.floor(rand() * base.length)];
    customers.push({ id: `R${100000 + i}`, days: [...h.days], amounts: [...h.amounts] });
  }
  return {
    name: 'cdnow-resampled',
    process: `${n} customers drawn with replacement from CDNOW; classic split (for timing)`,
    customers,
    calibrationEnd: '1997-09-30',
    holdoutEnd: '1998-06-30',
  };
}
