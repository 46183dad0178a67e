import { consentStat, customerStats } from './overview-view';

describe('consentStat', () => {
  it('counts people who agree now, and names the ones who withdrew (no percentage of records)', () => {
    expect(consentStat({ consented: 692, withdrawn: 1 })).toEqual({ value: '692 人', hint: '含同意后还没有记录的客户；1 人撤回过同意，数据已删除' });
  });

  it('says only what it counts when nobody withdrew', () => {
    expect(consentStat({ consented: 40, withdrawn: 0 })).toEqual({ value: '40 人', hint: '含同意后还没有记录的客户' });
  });
});

describe('customerStats', () => {
  it('gives every figure of the 客户 card its unit', () => {
    const stats = customerStats({ customers: 1250, consented: 1250, withdrawn: 0, personalizationOff: 125, eventsToday: 0, campaigns: { total: 2, running: 1 } });
    expect(stats.map((x) => `${x.label} ${x.value}`)).toEqual([
      '客户数 1250 人',
      '已同意采集 1250 人',
      '关闭个性化推送 125 人',
      '今日事件 0 条',
      '活动总数 2 个',
      '进行中活动 1 个',
    ]);
  });
});

describe('客户数 beside 已同意采集', () => {
  it('says what each counts, so 14 人 beside 15 人 (one customer agreed, no events yet) reads as both right', () => {
    const stats = customerStats({ customers: 14, consented: 15, withdrawn: 0, personalizationOff: 0, eventsToday: 3, campaigns: { total: 0, running: 0 } });
    expect(stats.slice(0, 2)).toEqual([
      { label: '客户数', value: '14 人', hint: '已同意且有浏览、下单等记录' },
      { label: '已同意采集', value: '15 人', hint: '含同意后还没有记录的客户' },
    ]);
  });
});
