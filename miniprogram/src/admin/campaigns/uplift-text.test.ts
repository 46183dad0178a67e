import { upliftCI } from '../../../../cloudfunctions/common/campaign/uplift';
import { layoutBars } from '../charts/bar-chart';
import { conversionBars, upliftText } from './uplift-text';

const results = (sent: number, convT: number, held: number, convH: number) => ({
  uplift: upliftCI({ conversions: convT, size: sent }, { conversions: convH, size: held }),
  conversions: { treatment: convT, holdout: convH, windowHours: 72 },
  holdout: held,
  claimed: sent + held,
});

describe('the uplift line of a campaign', () => {
  it('says there is nothing to estimate yet, not 「+0.0 ~ +0.0 个百分点」, when no one in either group bought', () => {
    // The demo's first campaign: 29 delivered, 2 held out, no purchase yet.
    const text = upliftText(results(29, 0, 2, 0), 10);
    expect(text).toBe('提升：暂无法估计（发送组和对照组在 72 小时内都还没有人购买）');
    expect(text).not.toContain('置信区间');
  });
  it('says why there is no interval when both groups convert at the same extreme', () => {
    expect(upliftText(results(10, 10, 5, 5), 10)).toBe('提升：+0.0 个百分点（两组的转化率都是 0% 或 100%，无法给出置信区间）');
  });
  it('names the missing control group instead of printing dashes', () => {
    expect(upliftText(results(29, 3, 0, 0), 0)).toBe('提升：没有对照组，无法估计（新建活动时可设置对照组比例）');
  });
  it('says nothing was sent yet, not 「没有对照组」, for a campaign with a holdout before its first send', () => {
    // The demo's weekly campaign after 暂停 → 继续发送: 对照组 10 % on the card, no outbox row yet.
    expect(upliftText(results(0, 0, 0, 0), 10)).toBe('提升：还没有发送，暂无法估计');
  });
  it('says the random holdout drew no one yet when a holdout was set, not to set one', () => {
    const text = upliftText(results(3, 1, 0, 0), 10);
    expect(text).toBe('提升：对照组还没有人（按 10% 随机留出，发送的人少时可能一个也没有），暂无法估计');
    expect(text).not.toContain('新建活动时可设置');
  });
  it('prints the estimate with its 95% interval otherwise, flagged when the groups are small', () => {
    expect(upliftText(results(100, 20, 100, 10), 50)).toMatch(/^提升：\+10\.0 个百分点（95% 置信区间 \+\d+\.\d 个百分点 ~ \+\d+\.\d 个百分点）$/);
    expect(upliftText(results(20, 4, 10, 1), 30)).toMatch(/· 样本较少，结论仅供参考$/);
  });
});

describe('the 转化率对比 bars', () => {
  it('are percentages to 0.1 labelled with %, not bare 11.11 (a rate that read as a count)', () => {
    const bars = conversionBars(results(9, 1, 1, 0).uplift);
    expect(bars.series[0].values).toEqual([11.1, 0]);
    const texts = layoutBars({ width: 380, height: 150, ...bars }).flatMap((s) => (s.kind === 'text' ? [s.text] : []));
    expect(texts).toEqual(expect.arrayContaining(['11.1%', '0%']));
    expect(texts).not.toContain('11.11');
  });
});
