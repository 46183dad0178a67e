/**
 * The per-customer ingestion quota: how many events one customer's devices may make the shop
 * store per Beijing day (UTC+8), counted on the day the server RECEIVES them.
 *
 * Why: every stored event is a database write the merchant pays for and a raw document kept 180
 * days; without a bound, a modified client can send valid batch after valid batch. The count lives
 * in the customer's profile (`q: {day, n}`) and is claimed by open-batch's conditional update —
 * the update every batch already makes — so the steady state costs no request at all, and the
 * bound is exact across containers and concurrent batches (one atomic single-document update
 * decides each claim). What is counted: the events a batch asks to store once validation, the
 * catalog check and the session cap are done (a retried batch counts again; duplicates are only
 * known at the insert). Trusted history imports and server facts (shop's orders) never touch it.
 */
import { QxError } from '../common/contracts/errors';
import type { QuotaClaim } from '../common/db/ports';
import { dayKey } from '../common/profile/day';
import { nextBeijingMidnight } from '../common/beijing-time';

export type { QuotaClaim };

/**
 * Events one customer may have stored per Beijing day. Brisk browsing in the h5 app — a product
 * page every ~3 s, back to the feed, a favourite or a cart add now and then — produced 106 events
 * a minute (README, track section); 20,000 is over three hours of that without a pause, which no
 * real customer's day reaches, and bounds what a flooder costs the shop to 200 full batches a day.
 */
export const DAILY_EVENT_QUOTA = 20_000;

/** The claim of `n` events received at `now` (its day: the Beijing day of `now`). */
export function quotaClaim(now: number, n: number, max = DAILY_EVENT_QUOTA): QuotaClaim {
  return { day: dayKey(now), n, max };
}

/** Start (ms) of the Beijing day after the one `now` falls in. */
export const nextBeijingDay = nextBeijingMidnight;

/** Details of a RATE_LIMITED refusal: the tracker holds its queue until `retryAt`. */
export interface RateLimitDetails {
  scope: 'day' | 'burst';
  limit: number;
  /** Events already counted today (scope 'day'). */
  used?: number;
  /** When sending again can succeed (ms since epoch). */
  retryAt: number;
}

/**
 * The refusal of a batch that would take the customer past the day's quota (`used`: the day's
 * count as read; unknown for a batch larger than the whole quota, refused without a read).
 */
export function overQuota(claim: QuotaClaim, used: number | undefined, now: number): QxError {
  const details: RateLimitDetails = { scope: 'day', limit: claim.max, ...(used === undefined ? {} : { used }), retryAt: nextBeijingDay(now) };
  const counted = used === undefined ? '' : `，今日已记录 ${used} 条`;
  return new QxError(
    'RATE_LIMITED',
    `今日上报事件已达上限（每位用户每天 ${claim.max} 条${counted}；本批 ${claim.n} 条均未保存），请于北京时间次日再试`,
    details,
  );
}
