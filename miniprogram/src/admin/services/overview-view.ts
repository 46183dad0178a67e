/** How 概览 words its figures (pure, tested without Taro). */
import type { Overview } from '../../../../cloudfunctions/common/contracts/admin-replies';

/**
 * 已同意采集 as people, beside 客户数: how many agree to collection now, and under it how many
 * withdrew (their data is erased, so they are not among the customers). It was a percentage of
 * consent records, which a withdrawal's tombstone also is: 99.9% above 692 人 next to 客户数 692.
 */
export function consentStat(o: Pick<Overview, 'consented' | 'withdrawn'>): { value: string; hint?: string } {
  return { value: `${o.consented} 人`, ...(o.withdrawn ? { hint: `${o.withdrawn} 人撤回过同意，数据已删除` } : {}) };
}
