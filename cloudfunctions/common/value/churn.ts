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
 * What the churn sentence says, stored beside the level (`value.churnFacts`) so that staff's
 * 查看成员, the rule-segment CSV and the customer's export word it by today's rules
 * ({@link churnReasonText}) instead of the words of the pass that stored it.
 */
export interface ChurnFacts {
  /** purchase days so far */
  n: number;
  /** days since the last purchase, at scoring */
  since: number;
  /** mean gap between purchase days, whole days (null with a single purchase) */
  gap: number | null;
  /** the horizon (days) of the chance */
  h: number;
  /** the chance of a purchase in the horizon, whole percent */
  pct: number;
  /** which rule set a medium or high level: the model's chance or the customer's rhythm */
  by: 'chance' | 'rhythm';
}

/**
 * Level and explanation. Two rules set the level, the higher wins: the model's chance of a
 * purchase in the horizon (under 15 % high, under 40 % medium), and the customer's own rhythm
 * (more than 3× their usual gap and 60 days: high; more than 1.5×: medium). The sentence gives the
 * verdict beside the rule that set it: a long-overdue regular read 「…预计90天内再次购买的概率约86%，
 * 流失风险高」, as if an 86 % chance were the risk.
 */
export function churnRisk(c: ChurnInput): { level: ChurnRisk; reason: string; facts: ChurnFacts } {
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
  const facts: ChurnFacts = {
    n: c.purchaseDays,
    since: c.daysSinceLastPurchase,
    gap: c.meanGapDays === null ? null : Math.round(c.meanGapDays),
    h: c.horizonDays,
    pct: Math.round(c.pActive * 100),
    by: level === byChance ? 'chance' : 'rhythm',
  };
  return { level, reason: churnReasonText(level, facts), facts };
}

/** The churn sentence of `level` from its facts, in today's words. */
export function churnReasonText(level: ChurnRisk, f: ChurnFacts): string {
  const chance = `预计${f.h}天内再次购买的概率约${f.pct}%`;
  const rhythm =
    f.gap === null
      ? `只购买过一次，距今${f.since}天`
      : f.n === 2
        ? `已${f.since}天未购买，此前两次购买相隔${f.gap}天`
        : `已${f.since}天未购买，以往约每${f.gap}天购买一次（共${f.n}次）`;
  if (level === 'low') return `${rhythm}，购买节奏正常；${chance}`;
  const verdict = level === 'high' ? '流失风险高' : '有流失迹象';
  if (f.by === 'chance') return `${rhythm}；${chance}，${verdict}`;
  return `${rhythm}，已超过以往间隔的${OVERDUE[level]}倍，${verdict}；${chance}`;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Whether `x` is stored churn facts (fields of the right types). */
export function isChurnFacts(x: unknown): x is ChurnFacts {
  const f = x as Partial<ChurnFacts> | null;
  return !!f && isInt(f.n) && isInt(f.since) && (f.gap === null || isInt(f.gap)) && isInt(f.h) && isInt(f.pct) && (f.by === 'chance' || f.by === 'rhythm');
}

/**
 * A profile's stored churn risk with its sentence (`profiles.value`, profile-value.ts): worded from
 * the facts when stored, else the sentence a pass before the facts stored; undefined without a
 * buyer prediction.
 */
export function storedChurn(value: unknown): { level: ChurnRisk; reason: string } | undefined {
  const v = value as { churnRisk?: unknown; churnReason?: unknown; churnFacts?: unknown } | null | undefined;
  const level = v?.churnRisk;
  if (level !== 'low' && level !== 'medium' && level !== 'high') return undefined;
  if (isChurnFacts(v!.churnFacts)) return { level, reason: churnReasonText(level, v!.churnFacts) };
  return typeof v!.churnReason === 'string' ? { level, reason: v!.churnReason } : undefined;
}
