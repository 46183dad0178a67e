/** The figures of a campaign's results card, each with its unit (pure, tested without Taro). */
import type { CampaignResultsView } from '../services/admin-api';
import { pct, type StatFigure } from '../services/format';

/**
 * 已送达 and 已发送 count messages (条, as the failure lines under them do); the rest count customers
 * (人): one outbox row per customer, opens one per customer however often they tap. The card showed
 * bare 9, 1, 1 where every other admin figure carries its unit.
 */
/** Which opens the 打开 figure counts (shown under it). */
export const OPENS_COUNTED = '只计已同意记录行为的设备上的打开';

export function resultStats(
  r: Pick<CampaignResultsView, 'delivered' | 'sent' | 'deliveryPending' | 'opens' | 'openRate' | 'holdout' | 'conversions' | 'skippedNoGrant' | 'optedOut'>,
): StatFigure[] {
  const pending = r.deliveryPending ? ` · 待回执 ${r.deliveryPending} 条` : '';
  const h = r.conversions.windowHours;
  const stats: StatFigure[] = [
    { label: '已送达', value: `${r.delivered} 条`, hint: `已发送 ${r.sent} 条${pending}` },
    // An open is the tracker's push_open, recorded only on a device whose customer agreed to
    // recording there (nothing is recorded before consent): a recipient who taps the notice on a new
    // device before answering its consent sheet is not an open, while her order is a conversion
    // (the server records orders). Staff read 0 opens beside 1 conversion without this.
    { label: '打开', value: `${r.opens} 人`, hint: `${r.openRate === null ? '' : `占已送达 ${pct(r.openRate)}，`}${OPENS_COUNTED}` },
    { label: '对照组', value: `${r.holdout} 人`, hint: '随机留出，不发送' },
    { label: '发送组转化', value: `${r.conversions.treatment} 人`, hint: `发送后 ${h} 小时内购买` },
    { label: '对照组转化', value: `${r.conversions.holdout} 人`, hint: `同期 ${h} 小时内购买` },
    // Outbox rows whose grant was gone by the time of sending; customers who never subscribed are not
    // counted here (the editor's 预计可发送 and 立即发送's answer count them).
    { label: '发送时授权已用完', value: `${r.skippedNoGrant} 人`, hint: '未订阅的客户不在此列' },
  ];
  if (r.optedOut) stats.push({ label: '发送前客户关闭了推送', value: `${r.optedOut} 人`, hint: '撤回同意或关闭个性化推送，未发送' });
  return stats;
}
