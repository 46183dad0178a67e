import { consentStat, customerStats } from './overview-view';

describe('consentStat', () => {
  it('counts people who agree now, and names the ones who withdrew (no percentage of records)', () => {
    expect(consentStat({ consented: 692, withdrawn: 1 })).toEqual({ value: '692 人', hint: '1 人撤回过同意，数据已删除' });
  });

  it('says nothing under the count when nobody withdrew', () => {
    expect(consentStat({ consented: 40, withdrawn: 0 })).toEqual({ value: '40 人' });
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
