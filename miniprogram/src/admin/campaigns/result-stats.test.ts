import { resultStats } from './result-stats';

const results = {
  delivered: 9,
  sent: 9,
  deliveryPending: 0,
  opens: 1,
  openRate: 1 / 9,
  holdout: 1,
  conversions: { treatment: 1, holdout: 0, windowHours: 72 },
  skippedNoGrant: 0,
};

describe('resultStats', () => {
  it('gives each figure its unit: messages in 条, customers in 人 (the card showed bare 9, 1, 1)', () => {
    expect(resultStats(results)).toEqual([
      { label: '已送达', value: '9 条', hint: '已发送 9 条' },
      { label: '打开', value: '1 人', hint: '占已送达 11.1%，只计已同意记录行为的设备上的打开' },
      { label: '对照组', value: '1 人', hint: '随机留出，不发送' },
      { label: '发送组转化', value: '1 人', hint: '发送后 72 小时内购买' },
      { label: '对照组转化', value: '0 人', hint: '同期 72 小时内购买' },
      { label: '发送时授权已用完', value: '0 人', hint: '未订阅的客户不在此列' },
    ]);
  });

  it('adds pending receipts and customers who turned pushes off, and no rate before a delivery', () => {
    const stats = resultStats({ ...results, delivered: 0, deliveryPending: 9, openRate: null, opens: 0, optedOut: 2 });
    expect(stats[0]).toEqual({ label: '已送达', value: '0 条', hint: '已发送 9 条 · 待回执 9 条' });
    expect(stats[1]).toEqual({ label: '打开', value: '0 人', hint: '只计已同意记录行为的设备上的打开' });
    expect(stats[stats.length - 1]).toEqual({ label: '发送前客户关闭了推送', value: '2 人', hint: '撤回同意或关闭个性化推送，未发送' });
  });
});
