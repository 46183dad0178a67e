/**
 * Money as the customer reads it in sentences (我的, their segment reasons): 「消费29.70元」. One
 * rule for every amount of their own: exact to the fen, and whole amounts without 「.00」
 * (「消费0元」, 「消费30元」). 我的 said 「消费29.70元」 beside a reason's 「近90天消费30元」 for the same
 * money, and rounded to whole yuan from ¥100 up. An average (the typical customer's) is not a
 * customer's own money: segments/feature-labels.ts says it 约 to the yuan.
 */

/** `yuan` (fen / 100, as the features hold money) to the fen: 29.7 → 「29.70」, 30 → 「30」. */
export function yuanText(yuan: number): string {
  const fen = Math.round(yuan * 100);
  const abs = Math.abs(fen);
  const whole = `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}`;
  return abs % 100 === 0 ? whole : `${whole}.${String(abs % 100).padStart(2, '0')}`;
}
