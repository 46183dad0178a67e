/**
 * Churn risk for staff: a level and one plain Chinese sentence saying why, from the customer's own
 * rhythm (days since the last purchase against their usual gap) and the model's chance of a
 * purchase in the horizon. Never shown to the customer.
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

/** Level and explanation. */
export function churnRisk(c: ChurnInput): { level: ChurnRisk; reason: string } {
  const pct = Math.round(c.pActive * 100);
  const chance = `预计${c.horizonDays}天内再次购买的概率约${pct}%`;
  const overdue = c.meanGapDays === null ? null : c.daysSinceLastPurchase / Math.max(c.meanGapDays, 1);
  let level: ChurnRisk = 'low';
  if (c.pActive < 0.15 || (overdue !== null && overdue > 3 && c.daysSinceLastPurchase > 60)) level = 'high';
  else if (c.pActive < 0.4 || (overdue !== null && overdue > 1.5)) level = 'medium';
  const rhythm =
    c.meanGapDays === null
      ? `只购买过一次，距今${c.daysSinceLastPurchase}天`
      : `已${c.daysSinceLastPurchase}天未购买，以往约每${Math.round(c.meanGapDays)}天购买一次（共${c.purchaseDays}次）`;
  if (level === 'low') return { level, reason: `${rhythm}，购买节奏正常；${chance}` };
  return { level, reason: `${rhythm}；${chance}${level === 'high' ? '，流失风险高' : '，有流失迹象'}` };
}
