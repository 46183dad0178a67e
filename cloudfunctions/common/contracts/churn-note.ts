/**
 * Why a member is at risk, as staff read it on 查看成员 and in the rule-segment CSV: the churn
 * sentence for a medium or high risk, nothing for a low one (not at risk) or for a customer
 * without a buyer prediction. One rule for both, so the file says what the page says.
 */

/** A member's stored churn risk with its sentence (value/churn.ts storedChurn). */
export interface MemberChurn {
  level: 'low' | 'medium' | 'high';
  reason: string;
}

/** The heading of the sentence: the page's prefix and the CSV's column. */
export const CHURN_NOTE_LABEL = '流失风险依据';

/** The sentence staff are shown for `churn`, or null (low risk, or none). */
export function churnNoteReason(churn: MemberChurn | undefined): string | null {
  return churn && churn.level !== 'low' ? churn.reason : null;
}
