/** How 发送记录 words its title and its empty list (pure, tested without Taro). */

/** The rows the page asks for: the newest entries (the server pages them in as many answers as it takes). */
export const OUTBOX_ROWS = 200;

/**
 * The card's title: the campaign staff named, how many entries and how many were sent, both in 条
 * (it read 「10 条，已发送 9」). `counts` is the server's count of every entry (null when unknown):
 * the page lists only the newest {@link OUTBOX_ROWS}, and its title used to count only those, so a
 * campaign of 5,000 sends read 「200 条」.
 */
export function outboxTitle(campaign: string | null, rows: number, sent: number, counts: { total: number; sent: number } | null = null): string {
  const name = `发送记录${campaign ? ` · ${campaign}` : ''}`;
  if (counts && counts.total > rows) return `${name}（共 ${counts.total} 条，已发送 ${counts.sent} 条；显示最近 ${rows} 条）`;
  if (!counts && rows >= OUTBOX_ROWS) return `${name}（显示最近 ${rows} 条，其中已发送 ${sent} 条）`;
  return `${name}（${rows} 条，已发送 ${sent} 条）`;
}

/**
 * What an empty list means, and when rows appear: 「暂无记录」 alone did not say whether something
 * had failed or nothing had been sent yet.
 */
export function outboxEmptyText(forCampaign: boolean): string {
  return forCampaign
    ? '这个活动还没有发送记录：发送开始后，每位目标客户一行（已发送、跳过或对照组）'
    : '还没有发送记录：活动发送开始后，每位目标客户一行（已发送、跳过或对照组）';
}
