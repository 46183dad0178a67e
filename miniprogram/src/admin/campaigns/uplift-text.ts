/** The uplift line of a campaign's results, in words staff can act on (pure, tested without Taro). */
import type { CampaignResults } from '../services/admin-api';
import type { BarInput } from '../charts/bar-chart';
import { pp } from '../services/format';

/**
 * 提升 with its 95% interval — or why there is none. The Wald interval has zero width when both
 * groups convert at 0% (or 100%): 「+0.0 ~ +0.0 个百分点」 would read as certainty where there is
 * no information at all, so those cases say so instead of printing the interval.
 */
export function upliftText(
  r: Pick<CampaignResults, 'uplift' | 'conversions' | 'holdout' | 'claimed'>,
  holdoutPct: number,
): string {
  const u = r.uplift;
  if (u.uplift === null || u.ciLow === null || u.ciHigh === null) {
    // A scheduled campaign before its first send has no one in either group: "no control group,
    // set one when creating" read as if its 10 % had been lost.
    if (r.claimed === 0) return '提升：还没有发送，暂无法估计';
    if (r.holdout > 0) return '提升：发送组还没有送达的消息，暂无法估计';
    return holdoutPct > 0
      ? `提升：对照组还没有人（按 ${holdoutPct}% 随机留出，发送的人少时可能一个也没有），暂无法估计`
      : '提升：没有对照组，无法估计（新建活动时可设置对照组比例）';
  }
  if (r.conversions.treatment + r.conversions.holdout === 0) {
    return `提升：暂无法估计（发送组和对照组在 ${r.conversions.windowHours} 小时内都还没有人购买）`;
  }
  if (u.ciLow === u.ciHigh) {
    return `提升：${pp(u.uplift)}（两组的转化率都是 0% 或 100%，无法给出置信区间）`;
  }
  return `提升：${pp(u.uplift)}（95% 置信区间 ${pp(u.ciLow)} ~ ${pp(u.ciHigh)}）${u.reliable ? '' : ' · 样本较少，结论仅供参考'}`;
}

/**
 * The 转化率对比 bars: each group's conversion rate in percent to 0.1, labelled with 「%」 (the
 * same rounding as the 打开 hint) — bare 11.11 over an axis to 12 read as a count of buyers.
 */
export function conversionBars(u: CampaignResults['uplift']): Omit<BarInput, 'width' | 'height'> {
  const percent = (rate: number | null) => (rate === null ? NaN : Math.round(rate * 1000) / 10);
  return {
    labels: ['发送组', '对照组'],
    series: [{ name: '转化率', values: [percent(u.treatmentRate), percent(u.controlRate)] }],
    showValues: true,
    unit: '%',
  };
}
