import { formatValue, sayValue } from './feature-labels';

describe('figures as a person says them', () => {
  it('a typical customer (a mean): 不到1 between 0 and 1, else 约 whole units', () => {
    expect(sayValue('sessions_30d', 0.14, true)).toBe('近30天活跃不到1次');
    expect(sayValue('category_breadth', 0.3536, true)).toBe('近90天涉及不到1个品类');
    expect(sayValue('monetary_30d', 0.7945, true)).toBe('近30天消费不到1元');
    expect(sayValue('monetary_90d', 3.649, true)).toBe('近90天消费约4元');
    expect(sayValue('frequency_365d', 1.1104, true)).toBe('近一年购买约1次');
    expect(sayValue('days_since_active', 108.9102, true)).toBe('约109天前最后一次来访');
    expect(sayValue('frequency_90d', 0, true)).toBe('近90天购买0次');
    expect(sayValue('frequency_90d', 2, true)).toBe('近90天购买2次');
    expect(sayValue('has_purchased', 1, true)).toBe('买过的客户占100%');
    expect(sayValue('sentiment_mean', 0.004, true)).toBe('评价正面度不到1%');
  });

  it("a customer's own: counts whole, money to the fen as 我的 says it", () => {
    expect(sayValue('monetary_90d', 29.7)).toBe('近90天消费29.70元');
    expect(sayValue('monetary_90d', 129.7)).toBe('近90天消费129.70元');
    expect(sayValue('monetary_90d', 0)).toBe('近90天消费0元');
    expect(sayValue('frequency_30d', 3)).toBe('近30天购买3次');
    expect(sayValue('recency_days', 4.6)).toBe('最近一次购买在5天前');
    expect(formatValue('negative_share', 0.25)).toBe('25');
  });

  it('keeps the never-bought and capped recency words', () => {
    expect(sayValue('recency_days', Number.NaN)).toBe('从未购买');
    expect(sayValue('recency_days', 400, true)).toBe('一年多未购买或从未购买');
  });
});
