/**
 * Features of one customer at a cut-off day, for the learned value model. Everything is computed
 * from purchases (and behaviour) on or before the cut-off, so the same function builds training
 * rows at a cut-off inside the shop's history and scoring rows at "now". Families can be left out
 * (ablation) and are named so the report can say what each contributed.
 */
import { bgnbdExpected, bgnbdPAlive, type BgnbdParams } from './bgnbd';
import { rfmAt, type PurchaseHistory, type RfmSummary } from './history';

/** Per-day behaviour counts where a shop has them (from the profile's day buckets). */
export interface BehaviourDay {
  day: number;
  views: number;
  carts: number;
  favourites: number;
  sessions: number;
  /** reviews with a sentiment score, and the sum of their positive probabilities (0..1) */
  scoredReviews: number;
  positiveSum: number;
}

/** Feature families, in column order. */
export const FEATURE_FAMILIES = [
  'rfm',
  'tenure',
  'regularity',
  'spend',
  'period',
  'bgnbd',
  'behaviour',
] as const;
/** One family of features. */
export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];

/** Column names by family (the model stores them; scoring checks them). */
export const FEATURE_NAMES: Record<FeatureFamily, readonly string[]> = {
  rfm: ['repeat_days', 'recency_days', 'rate_per_30d'],
  tenure: ['tenure_days'],
  regularity: ['mean_gap_days', 'gap_cv', 'recency_over_gap'],
  spend: ['log_total_spend', 'log_mean_spend', 'last_over_mean_spend'],
  period: ['days_last_30', 'days_last_90', 'days_last_180', 'days_same_season_last_year', 'days_prev_year'],
  bgnbd: ['bgnbd_log_weekly_rate', 'bgnbd_p_alive'],
  behaviour: [
    'views_30',
    'carts_30',
    'favourites_30',
    'sessions_30',
    'days_since_active',
    'views_7',
    'carts_7',
    'mean_sentiment',
    // Intent close to the cut-off (chosen on Taobao days the reported figure does not use).
    'views_1',
    'carts_1',
    'views_2',
    'carts_2',
    'favourites_2',
    'days_since_cart',
    'carts_since_purchase',
  ],
};

/** What a feature row needs besides the history. */
export interface FeatureContext {
  cut: number;
  /** prediction horizon, days */
  horizonDays: number;
  /** BG/NBD fitted on data up to `cut` */
  bgnbd: BgnbdParams;
  families: readonly FeatureFamily[];
  /**
   * BG/NBD expectations already computed in this pass, by (x, t_x, T) in days: customers who share
   * them (everyone who bought once on the same day, say) pay for the hypergeometric series once.
   */
  memo?: Map<number, number>;
}

/** Names of the columns a family selection produces, in order. */
export function featureNames(families: readonly FeatureFamily[]): string[] {
  return FEATURE_FAMILIES.filter((f) => families.includes(f)).flatMap((f) => FEATURE_NAMES[f]);
}

const count = (days: readonly number[], from: number, to: number) => {
  let k = 0;
  for (const d of days) if (d > from && d <= to) k++;
  return k;
};

const MEMO_SPAN = 65_536;

function memoExpected(
  ctx: FeatureContext,
  x: number,
  txDays: number,
  tDays: number,
  rfm: RfmSummary,
): number {
  const { memo } = ctx;
  // One number per (x, t_x, T) while all three fit 16 bits each (exact below 2^53); else no memo.
  const key =
    memo && x < MEMO_SPAN && tDays < MEMO_SPAN && Number.isInteger(tDays) && Number.isInteger(txDays)
      ? (x * MEMO_SPAN + txDays) * MEMO_SPAN + tDays
      : -1;
  if (key >= 0) {
    const hit = memo!.get(key);
    if (hit !== undefined) return hit;
  }
  const v = bgnbdExpected(ctx.bgnbd, rfm, ctx.horizonDays / 7);
  if (key >= 0) memo!.set(key, v);
  return v;
}

/**
 * The feature row of a customer whose history is already cut at `ctx.cut` (non-empty), and the
 * BG/NBD expectation for the horizon (the learned model's offset).
 */
export function customerFeatures(
  h: PurchaseHistory,
  ctx: FeatureContext,
  behaviour?: readonly BehaviourDay[],
): { row: number[]; bgnbdExpected: number } {
  const row: number[] = [];
  const bgnbdExpected = customerFeaturesInto(h, ctx, behaviour, row, 0);
  return { row, bgnbdExpected };
}

/**
 * {@link customerFeatures} written into `out` from index `at` (a page's flat row buffer, so
 * scoring allocates no array per customer); returns the BG/NBD expectation.
 */
export function customerFeaturesInto(
  h: PurchaseHistory,
  ctx: FeatureContext,
  behaviour: readonly BehaviourDay[] | undefined,
  out: { [i: number]: number },
  at: number,
): number {
  const { cut, families } = ctx;
  const days = h.days;
  const n = days.length;
  const first = days[0];
  const last = days[n - 1];
  const tenure = cut - first;
  const rfm = rfmAt(h, cut);
  const expected = memoExpected(ctx, n - 1, last - first, tenure, rfm);
  let o = at;
  for (const fam of FEATURE_FAMILIES) {
    if (!families.includes(fam)) continue;
    if (fam === 'rfm') {
      out[o++] = n - 1;
      out[o++] = cut - last;
      out[o++] = ((n - 1) * 30) / Math.max(tenure, 1);
    } else if (fam === 'tenure') out[o++] = tenure;
    else if (fam === 'regularity') {
      // Gaps between purchase days: a regular buyer overdue by far is more likely gone.
      if (n < 2) {
        out[o++] = -1;
        out[o++] = -1;
        out[o++] = -1;
      } else {
        const mean = (last - first) / (n - 1);
        let v = 0;
        for (let i = 1; i < n; i++) v += (days[i] - days[i - 1] - mean) ** 2;
        const sd = Math.sqrt(v / (n - 1));
        out[o++] = mean;
        out[o++] = sd / mean;
        out[o++] = (cut - last) / mean;
      }
    } else if (fam === 'spend') {
      let total = 0;
      for (const a of h.amounts) total += a;
      const mean = total / n;
      out[o++] = Math.log1p(total);
      out[o++] = Math.log1p(mean);
      out[o++] = mean > 0 ? h.amounts[n - 1] / mean : 1;
    } else if (fam === 'period') {
      const seasonFrom = cut - 365;
      out[o++] = count(days, cut - 30, cut);
      out[o++] = count(days, cut - 90, cut);
      out[o++] = count(days, cut - 180, cut);
      out[o++] = count(days, seasonFrom, seasonFrom + ctx.horizonDays);
      out[o++] = count(days, cut - 730, cut - 365);
    } // Per week of horizon, so rows built for the training horizon and for the real one are alike.
    else if (fam === 'bgnbd') {
      out[o++] = Math.log(Math.max(expected, 1e-9) / (ctx.horizonDays / 7));
      out[o++] = bgnbdPAlive(ctx.bgnbd, rfm);
    } else {
      behaviourFeaturesInto(behaviour ?? [], cut, last, out, o);
      o += FEATURE_NAMES.behaviour.length;
    }
  }
  return expected;
}

/**
 * Behaviour columns at a cut-off (the `behaviour` family), from per-day counts: activity over 30
 * and 7 days, then intent close to the cut-off — views and carts on its last day and last two
 * days, favourites in the last two, days since the last cart, and carts on days after the last
 * purchase day (`lastPurchaseDay`; all carts when there is none), i.e. baskets not yet bought.
 */
export function behaviourFeatures(
  bs: readonly BehaviourDay[],
  cut: number,
  lastPurchaseDay = -Infinity,
): number[] {
  const out: number[] = [];
  behaviourFeaturesInto(bs, cut, lastPurchaseDay, out, 0);
  return out;
}

/** Days from `d` to the cut-off; 9999 when it never happened. */
const daysSince = (cut: number, d: number) => (d === -Infinity ? 9999 : cut - d);

/** {@link behaviourFeatures} written into `out` from index `at` (scoring allocates nothing per customer). */
export function behaviourFeaturesInto(
  bs: readonly BehaviourDay[],
  cut: number,
  lastPurchaseDay: number,
  out: { [i: number]: number },
  at: number,
): void {
  let v30 = 0;
  let c30 = 0;
  let f30 = 0;
  let s30 = 0;
  let v7 = 0;
  let c7 = 0;
  let lastActive = -Infinity;
  let lastCart = -Infinity;
  let cartsSincePurchase = 0;
  let scored = 0;
  let pos = 0;
  // views, carts, favourites on the cut-off day (…0) and the day before (…1)
  let views0 = 0;
  let carts0 = 0;
  let favourites0 = 0;
  let views1 = 0;
  let carts1 = 0;
  let favourites1 = 0;
  for (const b of bs) {
    if (b.day > cut) continue;
    if (b.views + b.carts + b.favourites + b.sessions > 0) lastActive = Math.max(lastActive, b.day);
    if (b.carts > 0) lastCart = Math.max(lastCart, b.day);
    if (b.day > lastPurchaseDay) cartsSincePurchase += b.carts;
    scored += b.scoredReviews;
    pos += b.positiveSum;
    // (day numbers are whole days: the cut-off day and the one before)
    const ago = cut - b.day;
    if (ago === 0) {
      views0 += b.views;
      carts0 += b.carts;
      favourites0 += b.favourites;
    } else if (ago === 1) {
      views1 += b.views;
      carts1 += b.carts;
      favourites1 += b.favourites;
    }
    if (b.day <= cut - 30) continue;
    v30 += b.views;
    c30 += b.carts;
    f30 += b.favourites;
    s30 += b.sessions;
    if (b.day > cut - 7) {
      v7 += b.views;
      c7 += b.carts;
    }
  }
  out[at] = v30;
  out[at + 1] = c30;
  out[at + 2] = f30;
  out[at + 3] = s30;
  out[at + 4] = daysSince(cut, lastActive);
  out[at + 5] = v7;
  out[at + 6] = c7;
  out[at + 7] = scored > 0 ? pos / scored : -1;
  out[at + 8] = views0;
  out[at + 9] = carts0;
  out[at + 10] = views0 + views1;
  out[at + 11] = carts0 + carts1;
  out[at + 12] = favourites0 + favourites1;
  out[at + 13] = daysSince(cut, lastCart);
  out[at + 14] = cartsSincePurchase;
}
