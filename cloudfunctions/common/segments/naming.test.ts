import { FEATURE_SPEC } from '../inference/feature-spec-hash';
import { NAMING_RULES, nameSegments, phraseOfRule, RULE_PHRASES, ruleFits, type CentroidView } from './naming';
import { segmentReasons } from './reasons';

const names = FEATURE_SPEC.features.map((f) => f.name);
const typical = Object.fromEntries(names.map((n) => [n, n === 'monetary_365d' ? 100 : n === 'frequency_365d' ? 2 : 1]));

function view(z: Record<string, number>, raw: Record<string, number> = {}): CentroidView {
  return { z: Object.fromEntries(names.map((n) => [n, z[n] ?? 0])), raw: { ...typical, ...raw }, typical };
}

describe('segment naming', () => {
  it('derives names from centroid z-scores', () => {
    const out = nameSegments([
      view({ monetary_365d: 1.5, frequency_365d: 1.2, recency_days: -1 }),
      view({ days_since_active: 1.4, recency_days: 1.1 }),
      view({ tenure_days: -1.8 }),
      view({ cart_adds_30d: 2 }, { cart_conversion_90d: 0.05 }),
      view({ review_count: 1, negative_share: 2 }),
      view({}),
    ]);
    expect(out.map((o) => o.name)).toEqual(['忠诚高消费客户', '沉睡/流失风险', '新客', '加购未购', '差评风险', '普通客户']);
    expect(out[1].explanation).toContain('流失');
  });

  it('flags price sensitivity only when real money was recorded', () => {
    const cheap = view({ frequency_365d: 0.5 }, { frequency_365d: 4, monetary_365d: 40 }); // 10/order vs 50 typical
    const noPrices = view({ frequency_365d: 0.5 }, { frequency_365d: 4, monetary_365d: 0 });
    expect(nameSegments([cheap])[0].name).toBe('价格敏感');
    expect(nameSegments([noPrices])[0].name).not.toBe('价格敏感');
  });

  it('keeps names unique with a qualifier from the most distinctive feature', () => {
    const out = nameSegments([view({ days_since_active: 2, recency_days: 2 }), view({ days_since_active: 1, recency_days: 1, monetary_365d: -1.5 })]);
    expect(out[0].name).toBe('沉睡/流失风险');
    expect(out[1].name).toBe('沉睡/流失风险·低消费');
  });

  it('every rule has a phrase of at most 5 Chinese characters', () => {
    for (const r of [...NAMING_RULES.map((x) => x.id), 'regular']) expect(RULE_PHRASES[r]).toMatch(/^[\u4e00-\u9fa5]{1,5}$/);
    expect(phraseOfRule('unknown')).toBe('普通客户');
  });

  it('ruleFits says whether an old name still holds', () => {
    expect(ruleFits('dormant', view({ days_since_active: 1, recency_days: 1 }))).toBe(true);
    expect(ruleFits('dormant', view({ days_since_active: -1 }))).toBe(false);
    expect(ruleFits('regular', view({}))).toBe(true);
  });
});

describe('per-customer reasons', () => {
  it('lists features pulling toward the centroid, in plain Chinese', () => {
    const j30 = names.indexOf('frequency_30d');
    const jr = names.indexOf('recency_days');
    const raw = names.map((n) => (n === 'frequency_30d' ? 3 : n === 'recency_days' ? 5 : 1));
    const z = names.map((_, j) => (j === j30 ? 2 : j === jr ? -1.5 : j === 0 ? 0 : 0.1));
    const centroid = names.map((_, j) => (j === j30 ? 1 : j === jr ? -1 : -1));
    const typ = names.map((n) => (n === 'frequency_30d' ? 0.4 : 30));
    const r = segmentReasons(names, raw, z, centroid, typ);
    expect(r[0]).toBe('近30天购买3次，高于一般客户（一般客户：近30天购买不到1次）');
    expect(r[1]).toContain('最近一次购买在5天前，比一般客户买得更近');
    expect(r).toHaveLength(2); // features on the other side of the population are not reasons
  });
});
