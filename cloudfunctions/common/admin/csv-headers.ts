/**
 * Column headers of the staff CSV exports, in Chinese: staff open these files in Excel or WPS,
 * where `mean_recency_days` says nothing. Nothing in the repo reads an export back, so the file
 * carries the Chinese header only; the machine names stay here as the keys (feature names are
 * models/feature-spec.json's), and a test fails when a feature has no header.
 */
import { CHURN_NOTE_LABEL } from '../contracts/churn-note';

/** Header of each feature-mean column of the segment CSV, with its unit where it has one. */
export const FEATURE_HEADERS: Readonly<Record<string, string>> = {
  recency_days: '距上次购买天数（均值）',
  has_purchased: '买过的客户占比',
  frequency_30d: '近30天购买次数（均值）',
  frequency_90d: '近90天购买次数（均值）',
  frequency_365d: '近365天购买次数（均值）',
  monetary_30d: '近30天消费金额（元，均值）',
  monetary_90d: '近90天消费金额（元，均值）',
  monetary_365d: '近365天消费金额（元，均值）',
  sessions_30d: '近30天访问次数（均值）',
  product_views_30d: '近30天浏览商品次数（均值）',
  cart_adds_30d: '近30天加购次数（均值）',
  cart_conversion_90d: '近90天加购后下单比例（均值）',
  favorites_90d: '近90天收藏次数（均值）',
  review_count: '评价条数（均值）',
  sentiment_mean: '评价情感（0差评~1好评，均值）',
  negative_share: '差评占比（均值）',
  tenure_days: '成为客户天数（均值）',
  days_since_active: '距上次活跃天数（均值）',
  category_breadth: '近90天涉及类目数（均值）',
};

/** Header of a feature-mean column; the machine name when a new feature has no header yet. */
export const featureHeader = (feature: string): string => FEATURE_HEADERS[feature] ?? feature;

/** Header of sentiment bin `i` of `bins` over [0, 1] (the last bin includes 1). */
export function sentimentBinHeader(i: number, bins: number): string {
  const f = (x: number): string => String(Math.round((x / bins) * 100) / 100);
  return `评价情感${f(i)}~${f(i + 1)}的人数`;
}

/** The rule segment CSV's header row: the last column is 查看成员's churn sentence (contracts/churn-note.ts). */
export const RULE_CSV_HEADER = `客户编号（脱敏）,匹配原因,${CHURN_NOTE_LABEL}`;
