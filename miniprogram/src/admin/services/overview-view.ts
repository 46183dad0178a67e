/** How 概览 words its figures (pure, tested without Taro). */
import type { Overview } from '../../../../cloudfunctions/common/contracts/admin-replies';
import type { StatFigure } from './format';

/**
 * 已同意采集 as people, beside 客户数: how many agree to collection now, and under it how many
 * withdrew (their data is erased, so they are not among the customers). It was a percentage of
 * consent records, which a withdrawal's tombstone also is: 99.9% above 692 人 next to 客户数 692.
 */
export function consentStat(o: Pick<Overview, 'consented' | 'withdrawn'>): { value: string; hint?: string } {
  return { value: `${o.consented} 人`, ...(o.withdrawn ? { hint: `${o.withdrawn} 人撤回过同意，数据已删除` } : {}) };
}

/**
 * The 客户 card's figures, each with its unit (人, 条, 个): bare 1250 beside 「1250 人」 read as two
 * different things, and 0 under 今日事件 or 活动总数 said nothing of what was counted.
 */
export function customerStats(o: Pick<Overview, 'customers' | 'consented' | 'withdrawn' | 'personalizationOff' | 'eventsToday' | 'campaigns'>): StatFigure[] {
  return [
    { label: '客户数', value: `${o.customers} 人` },
    { label: '已同意采集', ...consentStat(o) },
    { label: '关闭个性化推送', value: `${o.personalizationOff} 人` },
    { label: '今日事件', value: `${o.eventsToday} 条` },
    { label: '活动总数', value: `${o.campaigns.total} 个` },
    { label: '进行中活动', value: `${o.campaigns.running} 个` },
  ];
}
