/**
 * Plain-Chinese wording for each feature of models/feature-spec.json: how to state a value and
 * which way is "more". Used in segment explanations and per-customer reasons.
 */
import { yuanText } from '../yuan-text';

/** Wording of one feature. */
export interface FeatureWording {
  /** phrase with `{v}` for the value, e.g. 近30天购买{v}次 */
  say: string;
  /** words when the value is above / below the typical customer */
  more: string;
  less: string;
  /** short qualifiers used to tell segments with the same base name apart */
  highTag: string;
  lowTag: string;
}

const w = (say: string, more: string, less: string, highTag: string, lowTag: string): FeatureWording => ({ say, more, less, highTag, lowTag });

/** Wording by feature name. */
export const FEATURE_WORDING: Record<string, FeatureWording> = {
  recency_days: w('最近一次购买在{v}天前', '比一般客户更久没买', '比一般客户买得更近', '久未购买', '近期购买'),
  has_purchased: w('买过的客户占{v}%', '高于一般客户', '低于一般客户', '已购', '未购'),
  frequency_30d: w('近30天购买{v}次', '高于一般客户', '低于一般客户', '近期高频', '近期少购'),
  frequency_90d: w('近90天购买{v}次', '高于一般客户', '低于一般客户', '季度高频', '季度少购'),
  frequency_365d: w('近一年购买{v}次', '高于一般客户', '低于一般客户', '高频', '低频'),
  monetary_30d: w('近30天消费{v}元', '高于一般客户', '低于一般客户', '近期高消费', '近期低消费'),
  monetary_90d: w('近90天消费{v}元', '高于一般客户', '低于一般客户', '季度高消费', '季度低消费'),
  monetary_365d: w('近一年消费{v}元', '高于一般客户', '低于一般客户', '高消费', '低消费'),
  sessions_30d: w('近30天活跃{v}次', '比一般客户活跃', '比一般客户少来', '常来', '少来'),
  product_views_30d: w('近30天浏览商品{v}次', '多于一般客户', '少于一般客户', '爱逛', '少逛'),
  cart_adds_30d: w('近30天加购{v}次', '多于一般客户', '少于一般客户', '常加购', '少加购'),
  cart_conversion_90d: w('近90天加购转化率{v}%', '高于一般客户', '低于一般客户', '加购即买', '加购少买'),
  favorites_90d: w('近90天收藏{v}次', '多于一般客户', '少于一般客户', '爱收藏', '少收藏'),
  review_count: w('共写评价{v}条', '多于一般客户', '少于一般客户', '爱评价', '少评价'),
  sentiment_mean: w('评价正面度{v}%', '比一般客户更满意', '比一般客户更不满意', '好评', '不满'),
  negative_share: w('差评占比{v}%', '高于一般客户', '低于一般客户', '差评多', '差评少'),
  tenure_days: w('成为客户{v}天', '比一般客户更久', '比一般客户更新', '老客', '新近'),
  days_since_active: w('{v}天前最后一次来访', '比一般客户更久未来', '比一般客户来得更近', '久未来访', '近期活跃'),
  category_breadth: w('近90天涉及{v}个品类', '多于一般客户', '少于一般客户', '多品类', '单一品类'),
};

const PERCENT = new Set(['has_purchased', 'cart_conversion_90d', 'sentiment_mean', 'negative_share']);
const MONEY = new Set(['monetary_30d', 'monetary_90d', 'monetary_365d']);

/**
 * Format a raw value of `feature` for display. `average`: the value is a mean over customers (the
 * typical customer, a segment's centre), said the way a person would — 「不到1」 for a mean between
 * 0 and 1 (「近30天活跃0.1次」 is no count anyone has), 「约」 and whole units otherwise (「约4元」);
 * else it is one customer's own, whose counts are whole and whose money is exact to the fen
 * (yuan-text.ts, the rule 我的 uses for the same money).
 */
export function formatValue(feature: string, v: number, average = false): string {
  const x = PERCENT.has(feature) ? v * 100 : v;
  if (!average) return MONEY.has(feature) ? yuanText(x) : x > 0 && x < 1 && !PERCENT.has(feature) ? '不到1' : String(Math.round(x));
  if (x > 0 && x < 1) return '不到1';
  const r = Math.round(x);
  return Math.abs(x - r) < 0.005 ? String(r) : `约${r}`;
}

/**
 * "近30天购买3次" for a raw value (`average`: a mean over customers, see {@link formatValue}).
 * Recency of a customer who never bought is missing (NaN): "从未购买"; at its cap it reads
 * "一年多未购买或从未购买" (a centroid's mean mixes both; has_purchased tells them apart). One
 * customer's has_purchased reads "还没有在本店下过单" / "在本店下过单".
 */
export function sayValue(feature: string, v: number, average = false): string {
  if (feature === 'recency_days' && Number.isNaN(v)) return '从未购买';
  if (feature === 'recency_days' && v >= 399.5) return '一年多未购买或从未购买';
  // one customer's has_purchased is yes or no; only a mean over customers is a share
  if (feature === 'has_purchased' && !average) return v >= 0.5 ? '在本店下过单' : '还没有在本店下过单';
  const wd = FEATURE_WORDING[feature];
  return wd ? wd.say.replace('{v}', formatValue(feature, v, average)) : `${feature}=${v}`;
}
