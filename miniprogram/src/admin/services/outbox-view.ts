/** How 发送记录 words its title and its empty list (pure, tested without Taro). */

/**
 * The card's title: the campaign staff named, how many rows and how many were sent, both in 条
 * (it read 「10 条，已发送 9」).
 */
export function outboxTitle(campaign: string | null, rows: number, sent: number): string {
  return `发送记录${campaign ? ` · ${campaign}` : ''}（${rows} 条，已发送 ${sent} 条）`;
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
