import { lastRefitText } from './value-refit-view';

const judged = (incumbentVersion: string, passed = false) => ({
  metric: 'rmse',
  candidate: 1.3184,
  incumbent: 1.2941,
  heldOut: 80,
  incumbentVersion,
  passed,
  reason: 'no better',
});

describe('lastRefitText', () => {
  it('says against what a rejected refit lost, with both figures', () => {
    const at = '2026-12-05T08:55:07.000Z';
    expect(lastRefitText({ version: 'v2', status: 'rejected', createdAt: at, evaluation: judged('shipped') })).toBe(
      '最近一次训练 v2（12-05 16:55）未上线：回测 80 位买家，均方根误差 1.318，未胜过不预测（每位买家都记 0 次购买） 1.294',
    );
    expect(lastRefitText({ version: 'v3', status: 'rejected', createdAt: null, evaluation: judged('v1') })).toBe(
      '最近一次训练 v3未上线：回测 80 位买家，均方根误差 1.318，未胜过当前版本 v1 1.294',
    );
  });

  it('names a candidate still being judged; says nothing for the serving or retired ones', () => {
    expect(lastRefitText({ version: 'v4', status: 'candidate', createdAt: null, evaluation: null })).toBe(
      '最近一次训练 v4正在回测，通过后上线',
    );
    expect(lastRefitText({ version: 'v5', status: 'abandoned', createdAt: null, evaluation: null })).toBe(
      '最近一次训练 v5没有完成回测，未上线（文件已按保留策略清理）',
    );
    expect(lastRefitText({ version: 'v1', status: 'retired', createdAt: null, evaluation: null })).toBeNull();
    expect(lastRefitText(null)).toBeNull();
    expect(lastRefitText(undefined)).toBeNull();
  });
});
