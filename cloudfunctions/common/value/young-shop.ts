/**
 * The young-shop rule: what a shop with little history can be told, as analytics products do it
 * (predictions only when there is enough data, and say so). Decided before the buyers' model is
 * trained, from the training plan alone, so the stepped fit and `fitValueModel` decide alike:
 *
 * - Trees for buyers need at least MIN_TREE_ROWS training rows with MIN_TREE_POSITIVES of them
 *   buying in their window; below that the learned part is BG/NBD alone (no trees). On the dev
 *   splits inside CDNOW's calibration period, trees fitted on subsamples of 100–600 customers
 *   (460–3,200 rows) were no better than BG/NBD (RMSE 0.98–1.08×, AUC −0.013…+0.009), and on the
 *   four Taobao windows before the reported one (280–440 rows) BG/NBD ranked better than the trees
 *   in every window (models/value/history/taobao-and-demo-shop.md, "Young shops").
 * - The behaviour family is left out when behaviour tracking began less than TRACKING_LEAD_DAYS
 *   before the earliest training cut-off: its columns would be empty in the training rows and full
 *   at scoring (the trees would extrapolate from the few rows that had tracking). A shop with no
 *   behaviour at all keeps the family: its columns are empty everywhere and no tree splits on them.
 * - Visitors are not ruled here (their part has its own minimums and held-out check, visitor.ts);
 *   when there are too few visitor rows for it (tracking too recent, or nobody was seen before a
 *   cut-off without having bought), the record says so.
 */
import type { YoungShop } from '../contracts/value-replies';
import type { FeatureFamily } from './features';
import { featureNames } from './features';
import { purchaseDaysBetween } from './history';
import { LEARNER_OPTIONS, type CustomerHistory, type LearnedValueModel } from './learned';
import { isVisitorAt, MIN_VISITOR_ROWS } from './visitor';

/** Fewest training rows, and rows with a purchase in their window, the buyers' trees are fitted on. */
export const MIN_TREE_ROWS = 1000;
export const MIN_TREE_POSITIVES = 200;
/** Days of tracking before the earliest cut-off the behaviour family needs (the cut-offs' own four weeks). */
export const TRACKING_LEAD_DAYS = 28;

/** Why a young shop's version predicts the way it does (`ValueModel.young`, `meta.young`). */
export type { YoungShop };

/** The decision for one fit (`young` is undefined when the rule changes nothing). */
export interface YoungShopDecision {
  families: FeatureFamily[];
  trees: boolean;
  young?: YoungShop;
}

const active = (b: {
  views: number;
  carts: number;
  favourites: number;
  sessions: number;
  scoredReviews: number;
}) => b.views + b.carts + b.favourites + b.sessions + b.scoredReviews > 0;

/** First day with any tracked behaviour on or before `end` among `customers` (Infinity: none). */
export function trackingStart(customers: readonly CustomerHistory[], end: number): number {
  let first = Infinity;
  for (const c of customers)
    for (const b of c.behaviour ?? []) if (b.day <= end && active(b)) first = Math.min(first, b.day);
  return first;
}

/**
 * Decides for a fit at `end` with the buyers' `plan`; `acquired` are the buyers' histories cut at
 * `end`, `customers` everyone (visitors too: tracking is the shop's). Counts the very rows
 * trainingRowsAt builds: customers bought by the cut-off, targets in (c′, min(c′ + h′, end)].
 */
export function youngShopDecision(
  customers: readonly CustomerHistory[],
  acquired: readonly CustomerHistory[],
  plan: { cutoffs: number[]; horizon: number },
  o: { end: number; families: readonly FeatureFamily[] },
): YoungShopDecision {
  let rows = 0;
  let positives = 0;
  let first = Infinity;
  for (const c of acquired) if (c.purchases.days.length) first = Math.min(first, c.purchases.days[0]);
  for (const cut of plan.cutoffs)
    for (const c of acquired) {
      if (!c.purchases.days.length || c.purchases.days[0] > cut) continue;
      rows++;
      if (purchaseDaysBetween(c.purchases, cut, Math.min(cut + plan.horizon, o.end)) > 0) positives++;
    }
  const tracked = trackingStart(customers, o.end);
  const earliest = Math.min(...plan.cutoffs);
  const latest = Math.max(...plan.cutoffs);
  // Tracking that began inside the training period: behaviour columns empty in training, full at scoring.
  const shortTracking = Number.isFinite(tracked) && tracked > earliest - TRACKING_LEAD_DAYS;
  const families = o.families.filter((f) => !(shortTracking && f === 'behaviour'));
  const trees = rows >= MIN_TREE_ROWS && positives >= MIN_TREE_POSITIVES;
  // A visitor row at a cut-off needs activity on or before it: tracking after the latest has none.
  // Visitor rows (no purchase by a cut-off, seen before it) at the same cut-offs: fewer than the
  // visitor part's minimum, and it is not fitted. Only a shop that tracks behaviour can have them.
  let visitorRows = 0;
  if (Number.isFinite(tracked))
    for (const cut of plan.cutoffs) for (const c of customers) if (isVisitorAt(c, cut)) visitorRows++;
  const noVisitors = Number.isFinite(tracked) && visitorRows < MIN_VISITOR_ROWS;
  if (trees && families.length === o.families.length && !noVisitors) return { families, trees };
  return {
    families,
    trees,
    young: {
      historyDays: o.end - first + 1,
      trackingDays: Number.isFinite(tracked) ? o.end - tracked + 1 : null,
      trainingHorizonDays: plan.horizon,
      cutoffs: plan.cutoffs.length,
      rows,
      positives,
      buyers: trees ? 'trees' : 'bgnbd',
      dropped: o.families.filter((f) => !families.includes(f)),
      need: {
        rows: MIN_TREE_ROWS,
        positives: MIN_TREE_POSITIVES,
        trackingDays: o.end - (earliest - TRACKING_LEAD_DAYS) + 1,
        visitorTrackingDays: o.end - latest + 1,
        visitorRows: MIN_VISITOR_ROWS,
      },
      ...(noVisitors
        ? { visitors: tracked > latest ? ('too_recent' as const) : ('few_rows' as const), visitorRows }
        : {}),
    },
  };
}

/**
 * The learned part of a shop too young for trees: no trees on the BG/NBD offset, so it predicts
 * what BG/NBD predicts; only the bgnbd columns are computed at scoring.
 */
export function bgnbdOnlyLearned(
  plan: { cutoffs: number[]; horizon: number },
  rows: number,
): LearnedValueModel {
  const families: FeatureFamily[] = ['bgnbd'];
  return {
    families,
    featureNames: featureNames(families),
    gbt: {
      trees: [],
      bias: 0,
      learningRate: LEARNER_OPTIONS.learningRate ?? 0.05,
      features: featureNames(families).length,
    },
    cutoffs: [...plan.cutoffs],
    trainingHorizonDays: plan.horizon,
    trainingRows: rows,
  };
}
