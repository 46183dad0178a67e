import { blendText } from '../../../miniprogram/src/admin/services/value-view';
import { guardOf } from './value-overview';

/** A version's stored back-test as the refit writes it (days since 1970; value-serving/backtest.ts, shippedBlend's blend). */
const meta = (blend: Record<string, unknown>) => ({
  backtest: { cut: 20_454, end: 20_544, seasonal: false, likeTheFit: true, judgedTrees: 0, blend },
});
const blend = { weight: 0, scale: 1, judged: 300, rmse: { learned: 1, bgnbd: 1, blended: 1 }, space: 'log' };

describe('the 客户价值 guard view from a version’s meta', () => {
  it('carries why BG/NBD ships to the page: a back-test fit that early stopping left without trees', () => {
    const { guard } = guardOf(meta({ ...blend, untested: true, stopped: true }));
    expect(guard).toMatchObject({ untested: true, stopped: true, weight: 0 });
    expect(blendText(guard!)).toContain('回测时学习模型只学到一个总体水平');
  });

  it('a young shop’s back-test: untested without stopped; a stopped flag without untested is not shown', () => {
    expect(guardOf(meta({ ...blend, untested: true })).guard).toMatchObject({ untested: true });
    expect(guardOf(meta({ ...blend, untested: true })).guard?.stopped).toBeUndefined();
    expect(blendText(guardOf(meta({ ...blend, untested: true })).guard!)).toContain('回测时的数据还不够训练学习模型');
    expect(guardOf(meta({ ...blend, stopped: true })).guard).not.toHaveProperty('stopped');
  });
});
