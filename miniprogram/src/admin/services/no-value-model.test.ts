import { NO_VALUE_MODEL, noValueModelText } from './no-value-model';

describe('no value model yet', () => {
  it('is worded the same on every page; 价值 adds why', () => {
    expect(NO_VALUE_MODEL).toBe('尚无（本店数据训练并通过回测后上线）');
    expect(noValueModelText('rejected')).toBe('尚无（本店数据训练并通过回测后上线）：本店数据训练的最近一版未通过回测，见下');
    expect(noValueModelText(null)).toBe('尚无（本店数据训练并通过回测后上线）：买家或历史还太少，或已回滚');
    expect(noValueModelText('succeeded')).toBe(noValueModelText(undefined));
  });
});
