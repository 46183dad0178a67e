/** How 概览 words its figures (pure, tested without Taro). */
import type { Overview } from '../../../../cloudfunctions/common/contracts/admin-replies';
import type { StatFigure } from './format';

/**
 * What 客户数 counts: profiles. A profile is written by the first event tracked after a customer
 * agrees (track's consent gate) and erased with their data, so these are customers with records.
 */
export const CUSTOMERS_HINT = '已同意且有浏览、下单等记录';
/**
 * What 已同意采集 counts: consent records that agree now. A customer who has just agreed (or agreed
 * and deleted their data) has no profile yet, so this may exceed 客户数: the admin fixture showed
 * 客户数 14 人 beside 已同意采集 15 人, both right, with nothing saying why.
 */
export const CONSENTED_HINT = '含同意后还没有记录的客户';

/**
 * 已同意采集 as people, beside 客户数: how many agree to collection now, and under it how many
 * withdrew (their data is erased, so they are not among the customers). It was a percentage of
 * consent records, which a withdrawal's tombstone also is: 99.9% above 692 人 next to 客户数 692.
 */
export function consentStat(o: Pick<Overview, 'consented' | 'withdrawn'>): { value: string; hint: string } {
  const withdrawn = o.withdrawn ? `；${o.withdrawn} 人撤回过同意，数据已删除` : '';
  return { value: `${o.consented} 人`, hint: `${CONSENTED_HINT}${withdrawn}` };
}

/**
 * The 客户 card's figures, each with its unit (人, 条, 个): bare 1250 beside 「1250 人」 read as two
 * different things, and 0 under 今日事件 or 活动总数 said nothing of what was counted. 客户数 and
 * 已同意采集 say what each counts, since they count different records and may differ.
 */
export function customerStats(o: Pick<Overview, 'customers' | 'consented' | 'withdrawn' | 'personalizationOff' | 'eventsToday' | 'campaigns'>): StatFigure[] {
  return [
    { label: '客户数', value: `${o.customers} 人`, hint: CUSTOMERS_HINT },
    { label: '已同意采集', ...consentStat(o) },
    { label: '关闭个性化推送', value: `${o.personalizationOff} 人` },
    { label: '今日事件', value: `${o.eventsToday} 条` },
    { label: '活动总数', value: `${o.campaigns.total} 个` },
    { label: '进行中活动', value: `${o.campaigns.running} 个` },
  ];
}
