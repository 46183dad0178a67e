/**
 * Shapes of the value model's daily snapshot and of the admin `valueOverview` reply, apart from
 * the code that computes them so the admin pages can import them (no Node typings there).
 */
import type { Evaluation, JudgedEvaluation } from '../model-store/types';

/** One day's snapshot (`value_snapshots`, `_id` = the day YYYY-MM-DD, shop calendar). */
export interface ValueSnapshot {
  _id: string;
  day: string;
  at: number;
  /** the model version that scored (null: none served, predictions were cleared) */
  version: string | null;
  buyers: number;
  /** sum of every buyer's expected spend in the next 90 days, fen */
  expected90dFen: number;
  /** buyers by expected 90-day spend: bin k holds [edgesFen[k], edgesFen[k+1]) fen, the last is open */
  spendHistogram: { edgesFen: number[]; counts: number[] };
  risk: { low: number; medium: number; high: number };
  /** by model segment (`none` = not segmented yet), biggest expected spend first */
  bySegment: Array<{
    segment: string;
    name: string | null;
    customers: number;
    spend90dFen: number;
    purchases90d: number;
  }>;
  /**
   * high value = spend in the last 365 days at or above `thresholdFen`: the lower edge of the band
   * of past spend that covers the top 20% of buyers, so `count` is at least 20% of `buyers`, often more
   */
  highValue: { thresholdFen: number; count: number };
  /** high-value buyers whose churn risk is high */
  atRiskHighValue: number;
  /**
   * customers who never bought but have a visitor prediction: how many, their expected first
   * purchases (purchase days) and spend in the next 90 days (absent: the model has no visitor part)
   */
  visitors?: { customers: number; purchases90d: number; expected90dFen: number };
}

/** What the 客户价值 page says about a version's back-test and its blend with BG/NBD. */
export interface ValueGuardView {
  /** the back-test window: purchases after `from` up to and including `to` (YYYY-MM-DD) */
  from: string;
  to: string;
  /** the same calendar window a year before the data's end (else the most recent one) */
  seasonal: boolean;
  /** the back-test's fit was the procedure that ships, so it chose the blend (else learned alone) */
  likeTheFit: boolean;
  /** weight of the learned model (1 = alone, 0 = BG/NBD alone), the seasonal scale, and how they mix */
  weight: number;
  scale: number;
  space: 'log' | 'linear';
  /** the back-test's fit had no trees (too little data then for trees, or see `stopped`): BG/NBD serves, the version's trees unread */
  untested?: boolean;
  /** with `untested`: the shop was old enough for trees but the back-test's fit kept none, only an overall level */
  stopped?: boolean;
  /**
   * last season's trees mixed in geometrically at `weight`, scaled so the total stays the blend's
   * (common/value/season-ensemble.ts; the version's meta.season); absent: the version has none
   */
  season?: { weight: number; scale: number; trees: number };
  /**
   * the same-season back-test's total (common/value/blend.ts sameSeasonLevel): actual ÷ predicted,
   * the band of noise around 1 it was judged against (0.43 = ±43 %), and what came of it: the
   * scale ('applied'), within the noise ('noise'), or beyond it but worse for the back-test's RMSE
   * ('rmse'); absent without a same-season back-test or on older versions
   */
  sameSeason?: { ratio: number; band: number; verdict: 'applied' | 'noise' | 'rmse' };
}

/**
 * Why a young shop's version predicts with less (`ValueModel.young`, the version's `meta.young`;
 * common/value/young-shop.ts decides it). Absent when the shop is old enough for everything.
 */
export interface YoungShop {
  /** days of purchase history and of behaviour tracking up to the data window's end (null: no behaviour data) */
  historyDays: number;
  trackingDays: number | null;
  /** the buyers' training plan: its horizon, cut-offs, rows and rows with a purchase in their window */
  trainingHorizonDays: number;
  cutoffs: number;
  rows: number;
  positives: number;
  /** how buyers are predicted: the learned trees, or BG/NBD alone */
  buyers: 'trees' | 'bgnbd';
  /** feature families left out of the trees ('behaviour' when tracking is too recent) */
  dropped: string[];
  /** what the rule asks for: rows and positives for trees, days of tracking for behaviour and for visitor rows, visitor rows */
  need: { rows: number; positives: number; trackingDays: number; visitorTrackingDays: number; visitorRows: number };
  /**
   * set when the visitor (first-purchase) part has too few training rows to exist: tracking began
   * after the latest cut-off, or too few customers were seen before a cut-off without having bought
   */
  visitors?: 'too_recent' | 'few_rows';
  /** visitor training rows at the cut-offs (with `visitors`) */
  visitorRows?: number;
}

/** The admin 客户价值 page. */
export interface ValueOverview {
  /** the version serving now (null: the shop has no value model yet) */
  serving: {
    version: string;
    dataWindow: { from: string; to: string; n: number };
    servingSince: string | null;
    evaluation: Evaluation | null;
    /**
     * the visitor part's held-out check (meta.visitorCheck): whether its trees serve or the shop's
     * base rate, and its AUC on the customers who were visitors at the back-test cut (absent:
     * versions made before the visitor part)
     */
    visitorCheck?: { serve: 'trees' | 'base'; why: string; heldOut: number; buyers: number; auc: number | null };
    /**
     * the back-test behind the version (meta.backtest): its window (cut, end] as days, whether it
     * was last year's same season, whether it could choose a blend (`likeTheFit`), and the blend
     * with BG/NBD the version predicts with (absent: versions made before the guard)
     */
    guard?: ValueGuardView;
    /** a young shop's version: what it predicts with less, and why (absent: nothing left out) */
    young?: YoungShop;
    /**
     * a short-history version's level (meta.level, common/value/hybrid-level.ts): its predictions
     * are multiplied by `factor` = Pareto/NBD-hybrid total ÷ BG/NBD total (absent: BG/NBD's level)
     */
    level?: { factor: number };
  } | null;
  /**
   * the newest refit's version when it is not the one serving: rejected by the back-test (its
   * figures say against what), or a candidate still being judged; null when the newest serves or
   * none was ever fitted
   */
  lastRefit?: {
    version: string;
    status: string;
    createdAt: string | null;
    evaluation: JudgedEvaluation | null;
  } | null;
  /** the last scoring pass */
  pass: { status: string; createdAt: number; finishedAt: number | null; version: string | null } | null;
  /** the newest snapshot */
  latest: ValueSnapshot | null;
  /** per day, oldest first */
  trend: Array<{
    day: string;
    atRiskHighValue: number;
    highValue: number;
    buyers: number;
    version: string | null;
    /** customers who never bought with a first-purchase prediction, and their expected first purchases in 90 days (null: no visitor part that day) */
    visitors: number | null;
    visitorPurchases90d: number | null;
  }>;
}
