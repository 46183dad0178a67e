import { consentStat } from './overview-view';

describe('consentStat', () => {
  it('counts people who agree now, and names the ones who withdrew (no percentage of records)', () => {
    expect(consentStat({ consented: 692, withdrawn: 1 })).toEqual({ value: '692 人', hint: '1 人撤回过同意，数据已删除' });
  });

  it('says nothing under the count when nobody withdrew', () => {
    expect(consentStat({ consented: 40, withdrawn: 0 })).toEqual({ value: '40 人' });
  });
});
