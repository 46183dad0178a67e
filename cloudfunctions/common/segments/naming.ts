/**
 * Names segments from their centroids against the population (rules on centroid z-scores,
 * never hand-assigned). Each rule scores how strongly a centroid fits (> 0 = fits); segments
 * take rules greedily, strongest fit first; a rule taken twice gets a qualifier from the
 * centroid's most distinctive feature so names stay unique.
 */
import { FEATURE_WORDING, sayValue } from './feature-labels';

/** What a rule sees: z-scores and raw profile by feature name. */
export interface CentroidView {
  z: Record<string, number>;
  raw: Record<string, number>;
  /** typical raw values of the population (z = 0) */
  typical: Record<string, number>;
}

/** A naming rule. */
export interface NamingRule {
  id: string;
  name: string;
  explain: string;
  score(c: CentroidView): number;
}

const aov = (raw: Record<string, number>) => (raw.frequency_365d > 0.05 ? raw.monetary_365d / raw.frequency_365d : NaN);

/** Rules in order of business importance (ties go to the earlier rule). */
export const NAMING_RULES: NamingRule[] = [
  {
    id: 'review_risk', name: '差评风险', explain: '写过评价且评价偏负面，需要优先关怀',
    score: ({ z }) => (z.review_count > 0.3 ? Math.max(z.negative_share, -z.sentiment_mean) - 0.8 : -Infinity),
  },
  {
    id: 'loyal_high_value', name: '忠诚高消费客户', explain: '买得多、花得多、最近还在买',
    score: ({ z }) => Math.min(z.monetary_365d, z.frequency_365d, -z.recency_days) - 0.3,
  },
  {
    id: 'cart_abandoner', name: '加购未购', explain: '常把商品加入购物车，但很少下单',
    score: ({ z, raw }) => Math.min(z.cart_adds_30d - 0.5, (0.5 - raw.cart_conversion_90d) * 2),
  },
  {
    // most members never bought (has_purchased is the share of buyers among them)
    id: 'prospect', name: '未购访客', explain: '来逛过但还没有下过单，值得推一把',
    score: ({ raw }) => (typeof raw.has_purchased === 'number' ? (0.5 - raw.has_purchased) * 2 : -Infinity),
  },
  {
    id: 'new_customer', name: '新客', explain: '刚认识不久的客户，值得好好欢迎',
    score: ({ z }) => -z.tenure_days - 0.5,
  },
  {
    id: 'dormant', name: '沉睡/流失风险', explain: '很久没有购买也没有来访，有流失风险',
    score: ({ z }) => Math.min(z.days_since_active, z.recency_days) - 0.3,
  },
  {
    id: 'price_sensitive', name: '价格敏感', explain: '会购买，但每单花费明显低于一般客户',
    score: ({ z, raw, typical }) => {
      const seg = aov(raw);
      const pop = aov(typical);
      // seg/pop < 10%: almost no money recorded for real purchases (e.g. data without prices) — not a price signal
      if (!(seg > 0) || !(pop > 0) || seg / pop < 0.1 || z.frequency_365d < -0.3) return -Infinity;
      return Math.log(pop / seg) - 0.5;
    },
  },
  {
    id: 'browser', name: '高频浏览', explain: '经常来看商品，但购买不多',
    score: ({ z }) => (z.product_views_30d > z.frequency_30d ? z.product_views_30d - 0.5 : -Infinity),
  },
  {
    id: 'active_buyer', name: '活跃买家', explain: '最近常来也常买',
    score: ({ z }) => Math.min(-z.days_since_active, z.frequency_90d) - 0.2,
  },
];

/** Fallback when no rule fits. */
export const DEFAULT_RULE = { id: 'regular', name: '普通客户', explain: '各项表现接近一般客户' };

/**
 * A short, pure-Chinese staff phrase (≤ 5 characters) per rule, written on every assignment as
 * `segmentPhrase` (it also names the rule: segments/customer-wording.ts reads it back). What a
 * CUSTOMER is shown — 我的, subscribe messages — is the customer wording, never these.
 */
export const RULE_PHRASES: Record<string, string> = {
  review_risk: '差评风险',
  loyal_high_value: '高价值客户',
  cart_abandoner: '加购未购',
  prospect: '未购访客',
  new_customer: '新客',
  dormant: '沉睡客户',
  price_sensitive: '价格敏感',
  browser: '高频浏览',
  active_buyer: '活跃买家',
  regular: '普通客户',
  // the fixed group of customers without an order (non-buyers.ts), not a rule for centroids
  non_buyer: '未下单访客',
};

/** The phrase of a rule id (普通客户 for unknown ids). */
export const phraseOfRule = (rule: string): string => RULE_PHRASES[rule] ?? RULE_PHRASES.regular;

/** Features ranked by how far the centroid sits from the population. */
export function distinctive(c: CentroidView, n: number): string[] {
  return Object.keys(c.z)
    .filter((f) => FEATURE_WORDING[f] && Math.abs(c.z[f]) >= 0.3)
    .sort((a, b) => Math.abs(c.z[b]) - Math.abs(c.z[a]))
    .slice(0, n);
}

/** "近一年消费约120元，高于一般客户（一般客户：近一年消费约45元）" for the centroid's most distinctive features. */
export function explainCentroid(c: CentroidView, base: string): string {
  const parts = distinctive(c, 3).map((f) => {
    const wd = FEATURE_WORDING[f];
    // both are means over customers (the centre, the typical customer): feature-labels.ts says them so
    return `${sayValue(f, c.raw[f], true)}，${c.z[f] > 0 ? wd.more : wd.less}（一般客户：${sayValue(f, c.typical[f], true)}）`;
  });
  return parts.length ? `${base}。${parts.join('；')}。` : `${base}。`;
}

/** A named segment. */
export interface SegmentName {
  rule: string;
  name: string;
  explanation: string;
}

/** Name every centroid (array order preserved). */
export function nameSegments(centroids: CentroidView[]): SegmentName[] {
  const scores = centroids.map((c) => NAMING_RULES.map((r) => r.score(c)));
  const out: (SegmentName | null)[] = centroids.map(() => null);
  const usedRules = new Set<number>();
  for (;;) {
    let s = -1;
    let r = -1;
    scores.forEach((row, si) =>
      row.forEach((v, ri) => {
        if (out[si] || usedRules.has(ri) || !(v > 0)) return;
        if (s < 0 || v > scores[s][r]) [s, r] = [si, ri];
      }),
    );
    if (s < 0) break;
    usedRules.add(r);
    out[s] = { rule: NAMING_RULES[r].id, name: NAMING_RULES[r].name, explanation: explainCentroid(centroids[s], NAMING_RULES[r].explain) };
  }
  const taken = new Set(out.filter(Boolean).map((n) => (n as SegmentName).name));
  return out.map((n, s) => {
    if (n) return n;
    const c = centroids[s];
    const ranked = scores[s].map((v, r) => [v, r]).sort((a, b) => b[0] - a[0]);
    const base = ranked[0][0] > 0 ? NAMING_RULES[ranked[0][1]] : { ...DEFAULT_RULE };
    let name = base.name;
    for (const f of distinctive(c, 4)) {
      if (!taken.has(name)) break;
      name = `${base.name}·${c.z[f] > 0 ? FEATURE_WORDING[f].highTag : FEATURE_WORDING[f].lowTag}`;
    }
    for (let i = 2; taken.has(name); i++) name = `${base.name}${i}`;
    taken.add(name);
    return { rule: base.id, name, explanation: explainCentroid(c, base.explain) };
  });
}

/** Does rule `id` still fit this centroid? (used to keep or change a matched segment's name) */
export function ruleFits(id: string, c: CentroidView): boolean {
  if (id === DEFAULT_RULE.id) return NAMING_RULES.every((r) => !(r.score(c) > 0));
  const rule = NAMING_RULES.find((r) => r.id === id);
  return !!rule && rule.score(c) > 0;
}
