/** The saved rule segments the campaign editor offers as targets. */
import { listRuleSegments, loadRules, ruleTargetOption, targetedRules } from '../audience/rule-store';
import type { RuleTargetOption } from '../contracts/admin-replies';
import type { Db } from '../db/wx-db';

/**
 * The newest 200 rules, then every rule `targets` names (the campaign being edited) that is not
 * among them, in the campaign's order: read by id, so a campaign's own target is shown, named and
 * kept however many rules were saved since (it used to read as 已失效 past the newest 200).
 */
export async function editorRuleOptions(db: Db, targets: ReadonlyArray<unknown>): Promise<RuleTargetOption[]> {
  const [newest, named] = await Promise.all([listRuleSegments(db), loadRules(db, targets)]);
  const shown = new Set(newest.map((r) => r._id));
  return [...newest, ...targetedRules(targets, named).filter((r) => !shown.has(r._id))].map(ruleTargetOption);
}
