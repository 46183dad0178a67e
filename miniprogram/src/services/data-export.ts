/**
 * 导出我的数据 (PIPL art. 45: a copy in a usable format): every page of `privacy.exportMyData`
 * (each answer is bounded in bytes by the function; every list may continue on the next page),
 * joined into one JSON document, with a short
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
  /** First page: how to read the copy (not one snapshot). Kept in the joined file. */
  readme?: string | null;
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

/** Joins `page`'s lists into `into` (every array but the notices continues over pages). */
function join(into: Record<string, unknown>, page: ExportPage): void {
  for (const [k, v] of Object.entries(page)) {
    if (!Array.isArray(v) || k === 'notices') continue;
    into[k] = [...((into[k] as unknown[] | undefined) ?? []), ...v];
  }
}

/** Fetches every page (`fetchPage(cursor)`) and joins them. Throws when the pages do not end. */
export async function collectExport(fetchPage: (cursor?: string) => Promise<ExportPage>): Promise<CollectedExport> {
  const first = await fetchPage();
  const all: Record<string, unknown> = { ...first };
  let cursor = first.nextCursor;
  for (let n = 1; cursor; n++) {
    if (n >= MAX_EXPORT_PAGES)
      throw new Error(`数据过多，导出未完成（已取得 ${(all.events as unknown[]).length} 条行为记录），请联系商家`);
    const page = await fetchPage(cursor);
    join(all, page);
    cursor = page.nextCursor;
  }
  const list = (k: string) => (all[k] as unknown[] | undefined) ?? [];
  const count = (k: string, unit: string) => (list(k).length ? `、${list(k).length} ${unit}` : '');
  const summary =
    `已导出：${list('events').length} 条行为记录${first.profile ? '、1 份画像' : ''}` +
    count('orders', '个订单') +
    count('outbox', '条消息发送记录') +
    count('grants', '项订阅授权') +
    count('subscribePushes', '条微信订阅推送记录');
  const json = JSON.stringify({ ...all, nextCursor: undefined }, null, 2);
  return { json, summary, notices: first.notices ?? [] };
}
