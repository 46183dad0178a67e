/** What a campaign card adds under its timing line (pure, tested without Taro). */

/**
 * The card's message without what its timing line already says: after a save, a resume or a
 * pause the two lines read the same sentence twice (「将于 12-09 09:30 发送…」 under itself). A
 * message that only repeats the line is dropped; one that ends with it keeps its own start
 * (「已保存。将于…」 → 「已保存」).
 */
export function cardMessage(msg: string, timing: string): string {
  if (!msg || msg === timing) return '';
  if (timing && msg.endsWith(timing)) return msg.slice(0, -timing.length).replace(/[。；，\s]+$/u, '');
  return msg;
}

/** Said right after 暂停发送: the timing line already says the campaign is paused and what 继续发送 does. */
export function pausedMessage(pageSize: number): string {
  return `已暂停；若此刻正在发送，当前一批最多 ${pageSize} 人仍会发出`;
}
