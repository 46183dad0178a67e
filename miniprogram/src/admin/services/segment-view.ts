/**
 * Turns the segments payload into chart inputs: size bars, share-over-time lines, and each
 * segment's portrait (feature means as an index against the population, 100 = typical).
 */
import type { SegmentsData, SegmentStat } from './admin-api';
import { segmentDisplayName } from '../../../../cloudfunctions/common/segments/display-name';
import { shortTime } from './format';
import { versionMarks, type VersionMark } from './version-marks';

/** Features shown in portraits, with short Chinese labels. */
export const PORTRAIT_FEATURES: Array<[string, string]> = [
  ['recency_days', '距上次购买'],
  ['frequency_90d', '90天购买'],
  ['monetary_90d', '90天消费'],
  ['sessions_30d', '30天访问'],
  ['product_views_30d', '30天浏览'],
  ['cart_conversion_90d', '加购转化'],
  ['sentiment_mean', '评价情感'],
  ['days_since_active', '距上次活跃'],
];

/**
 * Display name of a segment id: the run's model name, else the name stored on its members — the
 * same rule as the map's legend (segments/display-name.ts).
 */
export function segmentName(data: SegmentsData, id: string): string {
  return segmentDisplayName(id, { model: data.catalog[id]?.name, stored: data.segments.find((s) => s.id === id)?.name });
}

/**
 * What a segment's portrait says about it. Profiles with no segment (`none`) are not a segment
 * the model made: they are customers the 10-minute segmentation pass has not reached yet (new,
 * or with new records after erasing their data), so they have neither the model's explanation
 * nor feature values, and the page says why instead of 「该分群暂无说明」.
 */
export function segmentExplanation(data: SegmentsData, id: string): string {
  const said = data.catalog[id]?.explanation;
  if (said) return said;
  return id === 'none'
    ? '还没有分群的客户：新来的客户，或删除数据后又有新记录的客户。分群每 10 分钟运行一次，下次运行时归入分群。'
    : '该分群暂无说明';
}

/** Why a portrait has no feature means to draw. */
export function noMeansText(id: string): string {
  return id === 'none' ? '特征值在分群时才计算，未分群的客户还没有，所以没有特征均值' : '客户档案暂未附带特征值，无法计算均值';
}

/** Index (segment mean / population mean × 100) per portrait feature; null when unknown. */
export function portraitIndex(
  s: SegmentStat,
  pop: SegmentStat,
): Array<{ label: string; index: number | null; value: number | null }> {
  return PORTRAIT_FEATURES.map(([f, label]) => {
    const v = s.means[f];
    const p = pop.means[f];
    return { label, value: v ?? null, index: v === null || v === undefined || !p ? null : (v / p) * 100 };
  });
}

/**
 * Share of each segment per run, oldest first, for the trend chart, and the runs where the
 * segmentation model changed (a refit or a rollback re-sorts customers: the shares jump with it).
 */
export function shareTrend(data: SegmentsData): {
  xLabels: string[];
  series: Array<{ name: string; values: Array<number | null> }>;
  marks: VersionMark[];
} {
  const ids = [...new Set(data.trend.flatMap((r) => Object.keys(r.distribution)))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const totals = data.trend.map((r) => Object.values(r.distribution).reduce((a, b) => a + b, 0));
  return {
    xLabels: data.trend.map((r) => shortTime(r.at).slice(0, 5)),
    series: ids.map((id) => ({
      name: segmentName(data, id),
      values: data.trend.map((r, i) => (totals[i] ? (r.distribution[id] ?? 0) / totals[i] : null)),
    })),
    // A run without a recorded version (older runs) is no change: null there means 「not recorded」.
    marks: versionMarks(data.trend.map((r) => ({ label: shortTime(r.at), version: r.modelVersion ?? undefined }))),
  };
}

/**
 * The model's own portrait of a segment (centroid vs the typical customer at training time), used
 * when live profiles carry no feature values to average.
 */
export function modelPortrait(
  data: SegmentsData,
  id: string,
): Array<{ label: string; index: number | null; value: number | null }> {
  const c = data.catalog[id]?.centroid;
  const t = data.typical;
  return PORTRAIT_FEATURES.map(([f, label]) => {
    const v = c?.[f];
    const p = t?.[f];
    return { label, value: v ?? null, index: v === undefined || !p ? null : (v / p) * 100 };
  });
}

/**
 * A segment's entry in the 客户分布图 legend: its customers on the map, in 人. When the map is a
 * sample, also of how many (the segment's size, as 分群规模 counts it): a bare 「（120）」 beside
 * 分群规模's 230人 read as two different sizes of one segment.
 */
export function mapLegendName(s: { name: string; size: number; sampled: number }, wholePopulation: boolean): string {
  return wholePopulation || s.sampled === s.size ? `${s.name}（${s.sampled} 人）` : `${s.name}（抽样 ${s.sampled} / ${s.size} 人）`;
}
