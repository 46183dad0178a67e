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
 * the end of week 52 (session 17's two splits). Two splits of the same customers, both with a 13-week hold-out and both too
 * short for a back-test like the fit (value-serving/backtest.ts likeTheFit):
 * - `6m`: calibration to the end of week 26 (182 days, as CDNOW's 1997-07-01 cut-off's 181): the
 *   training horizon is 3/8 of the history (68 days), so the hybrid level acts;
 * - `9m`: calibration to the end of week 39 (273 days): the training horizon is the real one (91
 *   days), no level, the windows' own level in the trees (as CDNOW's 08-01 cut-off).
 * Session 19 (models/value/report.md, "The hybrid level and a long horizon (session 19)"), defined
 * before any model ran on them: the same two processes in a shop simulated to the end of week 65,
 * always cut at the end of week 26 (the `6m` cut-off's age), with three hold-outs — 13, 26 and 39
 * weeks (`6m-13w`, `6m-26w`, `6m-39w`). The fit's training horizon is the same for all three
 * (3/8 of the 181-day history: h′ = 68), so one shop at one age is scored at h/h′ = 1.34, 2.68
 * and 4.01: only the horizon changes. (This is a new draw, not the 52-week shop extended: the
 * draws run on one stream, so a later last day changes every customer after the first who buys
 * past week 52.)
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
/**
 * The splits: `6m`, `9m` (weeks of calibration 26 or 39, 13-week hold-out, 52-week shop; session
 * 17) and `6m-13w`, `6m-26w`, `6m-39w` (26 weeks of calibration, hold-out 13, 26 or 39 weeks,
 * 65-week shop; session 19).
 */
export type BurstSplit = '6m' | '9m' | '6m-13w' | '6m-26w' | '6m-39w';

/** Weeks of calibration, weeks of hold-out and the week the shop's history is simulated to. */
export const BURST_SPLITS: Readonly<Record<BurstSplit, { calibration: number; holdout: number; lastWeek: number }>> = {
  '6m': { calibration: 26, holdout: 13, lastWeek: 52 },
  '9m': { calibration: 39, holdout: 13, lastWeek: 52 },
  '6m-13w': { calibration: 26, holdout: 13, lastWeek: 65 },
  '6m-26w': { calibration: 26, holdout: 26, lastWeek: 65 },
  '6m-39w': { calibration: 26, holdout: 39, lastWeek: 65 },
};

/** Weeks over which every customer is acquired, and the slowing world's half-rate age (weeks). */
export const BURST_WEEKS = 13;
export const SLOWING_HALF_AGE_WEEKS = 26;

/** A burst shop of `n` customers (data seed `seed`) with its split. */
export function burstWorld(n: number, seed: number, kind: BurstKind, split: BurstSplit): SimWorld {
  const rand = mulberry32(seed);
  const start = parsePurchaseDay('2023-01-02');
  const { calibration, holdout, lastWeek } = BURST_SPLITS[split];
  const calibrationEnd = start + 7 * calibration - 1;
  const holdoutEnd = calibrationEnd + 7 * holdout;
  const lastDay = start + 7 * lastWeek - 1;
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
    process: `one burst: joining over ${BURST_WEEKS} weeks; BG/NBD with CDNOW's parameters${kind === 'slowing' ? `, rate ÷ (1 + age/${SLOWING_HALF_AGE_WEEKS} weeks)` : ''}; ${calibration}-week calibration, ${holdout}-week hold-out${lastWeek === 52 ? '' : `, shop simulated to week ${lastWeek}`}`,
    customers,
    calibrationEnd: iso(calibrationEnd),
    holdoutEnd: iso(holdoutEnd),
  };
}
