/**
 * The daily value snapshot (`value_snapshots`, `_id` = the day YYYY-MM-DD): what the admin 客户价值
 * card draws without scanning profiles — the distribution of expected 90-day spend, expected
 * revenue by model segment, churn-risk counts, and the at-risk high-value count whose trend the
 * card plots. Accumulated page by page during a scoring pass (the accumulator is small, so it
 * rides in the job run's checkpointed state) and written when the pass completes.
 */
import type { ValueSnapshot } from '../contracts/value-replies';
import type { BuyerValue, VisitorValue } from '../value/profile-value';

export type { ValueSnapshot };

/** Lower edges (fen) of the expected-90-day-spend histogram; the last bin is open-ended. */
export const SPEND_EDGES_FEN = [0, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000];

/** Share of buyers counted as high value (by their spend in the last 365 days). */
export const HIGH_VALUE_SHARE = 0.2;

// Past spend is binned geometrically (×1.25 from ¥1) so the top-20% threshold is found in one pass.
const PAST_BASE_FEN = 100;
const PAST_RATIO = 1.25;
const PAST_BINS = 64;
/** The band of past spend `fen` falls in (0: under ¥1). */
export const pastBin = (fen: number) =>
  fen < PAST_BASE_FEN
    ? 0
    : Math.min(PAST_BINS - 1, 1 + Math.floor(Math.log(fen / PAST_BASE_FEN) / Math.log(PAST_RATIO)));
/**
 * The smallest whole fen in band `bin`: the threshold the page states as 「不少于」. Rounded up, not
 * to nearest: a band starting at 195.31 fen holds no buyer at 195, who rounding would have named.
 */
export const pastLowerEdge = (bin: number) => (bin === 0 ? 0 : Math.ceil(PAST_BASE_FEN * PAST_RATIO ** (bin - 1)));

/** Running totals of one scoring pass. */
export interface SnapshotAgg {
  buyers: number;
  spendHist: number[];
  risk: { low: number; medium: number; high: number };
  /** by model segment id ('none' = not segmented yet) */
  segments: Record<
    string,
    { name: string | null; customers: number; spend90dFen: number; purchases90d: number }
  >;
  /** buyers by past-365-day spend bin, all and churn-risk high */
  past: number[];
  pastAtRisk: number[];
  /** customers who never bought, with a visitor prediction (absent in passes begun before it existed) */
  visitors?: { customers: number; purchases90d: number; spend90dFen: number };
}

/** An empty accumulator. */
export const emptyAgg = (): SnapshotAgg => ({
  buyers: 0,
  spendHist: SPEND_EDGES_FEN.map(() => 0),
  risk: { low: 0, medium: 0, high: 0 },
  segments: {},
  past: Array.from({ length: PAST_BINS }, () => 0),
  pastAtRisk: Array.from({ length: PAST_BINS }, () => 0),
});

/** Adds one scored buyer (mutates `agg`). */
export function addToAgg(
  agg: SnapshotAgg,
  v: BuyerValue,
  o: { segment: string | null; segmentName: string | null; past365Fen: number },
): void {
  agg.buyers++;
  let b = SPEND_EDGES_FEN.length - 1;
  while (b > 0 && v.spend90dFen < SPEND_EDGES_FEN[b]) b--;
  agg.spendHist[b]++;
  agg.risk[v.churnRisk]++;
  const key = o.segment ?? 'none';
  const s = (agg.segments[key] ??= { name: o.segmentName, customers: 0, spend90dFen: 0, purchases90d: 0 });
  s.customers++;
  s.spend90dFen += v.spend90dFen;
  s.purchases90d = Math.round((s.purchases90d + v.purchases90d) * 1000) / 1000;
  if (!s.name && o.segmentName) s.name = o.segmentName;
  const p = pastBin(o.past365Fen);
  agg.past[p]++;
  if (v.churnRisk === 'high') agg.pastAtRisk[p]++;
}

/** Adds one scored visitor (mutates `agg`): counted apart from the buyers' figures. */
export function addVisitorToAgg(agg: SnapshotAgg, v: VisitorValue): void {
  const t = (agg.visitors ??= { customers: 0, purchases90d: 0, spend90dFen: 0 });
  t.customers++;
  t.purchases90d = Math.round((t.purchases90d + v.purchases90d) * 1000) / 1000;
  t.spend90dFen += v.spend90dFen;
}

/** The snapshot of a finished pass. */
export function finishSnapshot(
  agg: SnapshotAgg,
  o: { day: string; at: number; version: string | null },
): ValueSnapshot {
  // Walk down from the top bin until the top share of buyers is covered: its lower edge is the threshold.
  const want = Math.ceil(agg.buyers * HIGH_VALUE_SHARE);
  let count = 0;
  let atRisk = 0;
  let bin = PAST_BINS;
  while (bin > 0 && count < want) {
    bin--;
    count += agg.past[bin];
    atRisk += agg.pastAtRisk[bin];
  }
  const bySegment = Object.entries(agg.segments)
    .map(([segment, s]) => ({ segment, ...s }))
    .sort((a, b) => b.spend90dFen - a.spend90dFen);
  return {
    _id: o.day,
    day: o.day,
    at: o.at,
    version: o.version,
    buyers: agg.buyers,
    expected90dFen: bySegment.reduce((t, s) => t + s.spend90dFen, 0),
    spendHistogram: { edgesFen: SPEND_EDGES_FEN, counts: agg.spendHist },
    risk: agg.risk,
    bySegment,
    highValue: { thresholdFen: count > 0 ? pastLowerEdge(bin) : 0, count },
    atRiskHighValue: atRisk,
    ...(agg.visitors
      ? {
          visitors: {
            customers: agg.visitors.customers,
            purchases90d: agg.visitors.purchases90d,
            expected90dFen: agg.visitors.spend90dFen,
          },
        }
      : {}),
  };
}
