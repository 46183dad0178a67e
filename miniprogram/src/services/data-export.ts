/**
 * 导出我的数据 (PIPL art. 45: a copy in a usable format): every page of `privacy.exportMyData`
 * (each answer is bounded in bytes by the function), joined into one JSON document, with a short
 * Chinese summary of what it holds. No page cap that could cut the copy short silently: a copy
 * that could not be completed says so.
 */
import type { StoreNotice } from '../../../cloudfunctions/common/contracts/privacy-notices';

/** One page as the privacy function answers it (the parts the page reads). */
export interface ExportPage {
  exportedAt: number;
  profile: unknown;
  orders?: unknown[];
  outbox?: unknown[];
  grants?: unknown[];
  subscribePushes?: unknown[];
  notices?: readonly StoreNotice[];
  events: unknown[];
  nextCursor: string | null;
}

/** The joined export. */
export interface CollectedExport {
  /** The whole copy, pretty-printed JSON. */
  json: string;
  summary: string;
  notices: readonly StoreNotice[];
}

/** Pages at most (1,000 events or 512 KB each): past this the copy is reported incomplete, never cut silently. */
export const MAX_EXPORT_PAGES = 2000;

/** Fetches every page (`fetchPage(cursor)`) and joins them. Throws when the pages do not end. */
export async function collectExport(fetchPage: (cursor?: string) => Promise<ExportPage>): Promise<CollectedExport> {
  const first = await fetchPage();
  const events = [...first.events];
  let cursor = first.nextCursor;
  for (let n = 1; cursor; n++) {
    if (n >= MAX_EXPORT_PAGES) throw new Error(`数据过多，导出未完成（已取得 ${events.length} 条行为记录），请联系商家`);
    const page = await fetchPage(cursor);
    events.push(...page.events);
    cursor = page.nextCursor;
  }
  const count = (xs: unknown[] | undefined, unit: string) => (xs?.length ? `、${xs.length} ${unit}` : '');
  const summary =
    `已导出：${events.length} 条行为记录${first.profile ? '、1 份画像' : ''}` +
    count(first.orders, '个订单') +
    count(first.outbox, '条消息发送记录') +
    count(first.grants, '项订阅授权') +
    count(first.subscribePushes, '条微信订阅推送记录');
  const json = JSON.stringify({ ...first, events, nextCursor: undefined }, null, 2);
  return { json, summary, notices: first.notices ?? [] };
}
