/**
 * Data-quality flags of a profile, after three levels:
 * - precise: the figures come from the system itself, without noise. Every counter is computed
 *   server-side from validated events; the only noise we can see is a client clock that ran ahead
 *   (event time clamped to receive time). Precise = at most 1% of events clamped.
 * - reliable: enough history to judge, within the last 365 days — at least 20 events on at least
 *   3 distinct active days, or purchases on at least 3 distinct days. A purchase says more than a
 *   view: a buyer imported from the shop's orders (or one who only buys) has purchase events only,
 *   and 8 purchase days read 「你的记录还不多」 under the event count alone. Three purchase days
 *   give a recency, a rhythm (two gaps) and a spend, what RFM and the segments are built on.
 * - timely: recent enough to act on — last activity at most 30 days before `asOf`.
 */
import { DAY_MS } from '../profile/day';
import type { ReducedProfile } from '../profile/types';
import { activeDays, indexBuckets, windowSum } from './windows';

/** Thresholds of the quality flags (documented above; tests pin them). */
export const QUALITY_THRESHOLDS = {
  maxClampedShare: 0.01,
  minEvents: 20,
  minActiveDays: 3,
  minPurchaseDays: 3,
  maxIdleDays: 30,
} as const;

/** The three quality flags with the numbers behind them. */
export interface QualityFlags {
  precise: boolean;
  reliable: boolean;
  timely: boolean;
  events: number;
  activeDays365: number;
  /** Days with a purchase within the last 365 days. */
  purchaseDays365: number;
  clampedShare: number;
  idleDays: number | null;
}

/** Quality flags of a profile at `asOf` (ms). */
export function qualityFlags(p: ReducedProfile, asOf: number): QualityFlags {
  const ib = indexBuckets(p, asOf);
  const events = windowSum(ib, 'e', Infinity) + (p.a?.e ?? 0);
  const clamped = windowSum(ib, 'sk', Infinity) + (p.a?.sk ?? 0);
  const clampedShare = events === 0 ? 0 : clamped / events;
  const ad = activeDays(ib, 365);
  const pd = activeDays(ib, 365, 'pu');
  const idleDays = p.lastActiveAt === undefined ? null : Math.max(0, (asOf - p.lastActiveAt) / DAY_MS);
  const t = QUALITY_THRESHOLDS;
  return {
    precise: events > 0 && clampedShare <= t.maxClampedShare,
    reliable: (windowSum(ib, 'e', 365) >= t.minEvents && ad >= t.minActiveDays) || pd >= t.minPurchaseDays,
    timely: idleDays !== null && idleDays <= t.maxIdleDays,
    events,
    activeDays365: ad,
    purchaseDays365: pd,
    clampedShare,
    idleDays,
  };
}
