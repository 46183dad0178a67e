/**
 * Churn risk for staff: a level and one plain Chinese sentence saying why, from the customer's own
 * rhythm (days since the last purchase against their usual gap) and the model's chance of a
 * purchase in the horizon. Staff's words: 我的 never shows them; the customer reads them only in
 * their own data export (the profile's `value`).
 */

/** Risk level stored on the profile (`value.churnRisk`). */
export type ChurnRisk = 'low' | 'medium' | 'high';

/** What the rule looks at. */
export interface ChurnInput {
  /** purchase days so far */
  purchaseDays: number;
  daysSinceLastPurchase: number;
  /** mean gap between purchase days (null with a single purchase) */
  meanGapDays: number | null;
  /** probability of at least one purchase in the horizon (0..1) */
  pActive: number;
  expectedPurchases: number;
  horizonDays: number;
}

const RANK: Record<ChurnRisk, number> = { low: 0, medium: 1, high: 2 };
/** How far past their usual gap a customer must be for each level (and, for high, past 60 days). */
const OVERDUE = { medium: 1.5, high: 3 } as const;

/**
 * Level and explanation. Two rules set the level, the higher wins: the model's chance of a
 * purchase in the horizon (under 15 % high, under 40 % medium), and the customer's own rhythm
 * (more than 3× their usual gap and 60 days: high; more than 1.5×: medium). The sentence gives the
 * verdict beside the rule that set it: a long-overdue regular read 「…预计90天内再次购买的概率约86%，
 * 流失风险高」, as if an 86 % chance were the risk.
 */
export function churnRisk(c: ChurnInput): { level: ChurnRisk; reason: string } {
  const pct = Math.round(c.pActive * 100);
  const chance = `预计${c.horizonDays}天内再次购买的概率约${pct}%`;
  const overdue = c.meanGapDays === null ? null : c.daysSinceLastPurchase / Math.max(c.meanGapDays, 1);
  const byChance: ChurnRisk = c.pActive < 0.15 ? 'high' : c.pActive < 0.4 ? 'medium' : 'low';
  const byRhythm: ChurnRisk =
    overdue === null
      ? 'low'
      : overdue > OVERDUE.high && c.daysSinceLastPurchase > 60
        ? 'high'
        : overdue > OVERDUE.medium
          ? 'medium'
          : 'low';
  const level = RANK[byRhythm] > RANK[byChance] ? byRhythm : byChance;
  const gap = c.meanGapDays === null ? 0 : Math.round(c.meanGapDays);
  const rhythm =
    c.meanGapDays === null
      ? `只购买过一次，距今${c.daysSinceLastPurchase}天`
      : c.purchaseDays === 2
        ? `已${c.daysSinceLastPurchase}天未购买，此前两次购买相隔${gap}天`
        : `已${c.daysSinceLastPurchase}天未购买，以往约每${gap}天购买一次（共${c.purchaseDays}次）`;
  if (level === 'low') return { level, reason: `${rhythm}，购买节奏正常；${chance}` };
  const verdict = level === 'high' ? '流失风险高' : '有流失迹象';
  if (level === byChance) return { level, reason: `${rhythm}；${chance}，${verdict}` };
  return { level, reason: `${rhythm}，已超过以往间隔的${OVERDUE[level]}倍，${verdict}；${chance}` };
}
