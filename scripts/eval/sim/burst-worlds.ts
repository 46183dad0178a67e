/**
 * Shops that acquired their customers in one early burst and are scored long after (session 17;
 * models/value/report.md, "The trees on an older population (session 17)"). Defined BEFORE any
 * model variant ran on them, as the test bed of a population check: at the end every scored
 * customer is older (tenure, days since the last purchase) than most or all of the training rows
 * the trees learned from, as on CDNOW from July 1997 on. Nothing is tuned on them.
 *
 * Both worlds: customers join uniformly over the first 13 weeks of a shop opened on 2023-01-02
 * (a Monday) and buy as in BG/NBD with CDNOW's fitted parameters (λ ~ Gamma(r, rate α) purchase
 * days per week, p ~ Beta(a, b) the chance of leaving after each repeat purchase), simulated to
 * the end of week 52. Two splits of the same customers, both with a 13-week hold-out and both too
 * short for a back-test like the fit (value-serving/backtest.ts likeTheFit):
 * - `6m`: calibration to the end of week 26 (182 days, as CDNOW's 1997-07-01 cut-off's 181): the
 *   training horizon is 3/8 of the history (68 days), so the hybrid level acts;
 * - `9m`: calibration to the end of week 39 (273 days): the training horizon is the real one (91
 *   days), no level, the windows' own level in the trees (as CDNOW's 08-01 cut-off).
 * `burst-bgnbd`: BG/NBD is the truth — a fix must not lose here.
 * `burst-slowing`: active customers slow down with age (the CDNOW pattern): the rate t weeks after
 * the first purchase is λ ÷ (1 + t/26) — half of it at six months, a third at a year — drawn by
 * thinning a Poisson process at λ; the dropout is BG/NBD's, after each repeat purchase.
 */
import { mulberry32 } from '../../../cloudfunctions/common/random';
import { parsePurchaseDay } from '../purchase-dates';
import { bgnbdCustomer, iso, type SimCustomer, type SimWorld } from './worlds';

/** The two processes. */
export type BurstKind = 'bgnbd' | 'slowing';
/** The two splits (weeks of calibration: 26 or 39). */
export type BurstSplit = '6m' | '9m';

/** Weeks over which every customer is acquired, and the slowing world's half-rate age (weeks). */
export const BURST_WEEKS = 13;
export const SLOWING_HALF_AGE_WEEKS = 26;

/** A burst shop of `n` customers (data seed `seed`) with its split. */
export function burstWorld(n: number, seed: number, kind: BurstKind, split: BurstSplit): SimWorld {
  const rand = mulberry32(seed);
  const start = parsePurchaseDay('2023-01-02');
  const calibrationEnd = start + 7 * (split === '6m' ? 26 : 39) - 1;
  const holdoutEnd = calibrationEnd + 7 * 13;
  const lastDay = start + 7 * 52 - 1;
  // Thinning: a candidate purchase at age t happens with probability 1 ÷ (1 + t/26).
  const keep = kind === 'slowing' ? (t: number) => rand() * (1 + t / SLOWING_HALF_AGE_WEEKS) <= 1 : undefined;
  const customers: SimCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const first = start + Math.floor(rand() * 7 * BURST_WEEKS);
    const { days, spend } = bgnbdCustomer(rand, first, lastDay, keep);
    customers.push({ id: `U${10000 + i}`, days, amounts: days.map(spend) });
  }
  return {
    name: `burst-${kind}-${split}`,
    process: `one burst: joining over ${BURST_WEEKS} weeks; BG/NBD with CDNOW's parameters${kind === 'slowing' ? `, rate ÷ (1 + age/${SLOWING_HALF_AGE_WEEKS} weeks)` : ''}; ${split === '6m' ? 26 : 39}-week calibration, 13-week hold-out`,
    customers,
    calibrationEnd: iso(calibrationEnd),
    holdoutEnd: iso(holdoutEnd),
  };
}
