/**
 * The 自定义分群 list, a page at a time: a shop with hundreds of rules sees the newest 50 and a
 * 加载更多 button, not only the newest 200 (the server's list used to stop there, silently).
 * Each ask takes one rule more than it shows, so 加载更多 appears only when there is more.
 */
import type { RulePageCursor } from '../../../../cloudfunctions/common/contracts/admin-replies';

/** Rules shown per 加载更多. */
export const RULE_PAGE = 50;
/** The most rules one ask may take (the server's cap), one of them only to tell whether more exist. */
const ASK_MAX = 200;

/** One ask of the server's newest-first list. */
export type RuleFetch<R> = (page: { before?: RulePageCursor; limit: number }) => Promise<R[]>;

/** Where the list goes on after `r`. */
export const cursorOf = (r: RulePageCursor): RulePageCursor => ({ updatedAt: r.updatedAt, _id: r._id });

/**
 * `want` rules after `before` (from the newest when absent), in as many asks as it takes, and
 * whether any come after them. A reload asks for as many as staff had loaded, so saving or
 * exporting a rule far down the list does not take the list back to its first page.
 */
export async function loadRulePages<R extends RulePageCursor>(
  fetch: RuleFetch<R>,
  want: number,
  before?: RulePageCursor,
): Promise<{ rules: R[]; more: boolean }> {
  const rules: R[] = [];
  for (let after = before; ; ) {
    const take = Math.min(want - rules.length, ASK_MAX - 1);
    const page = await fetch({ ...(after ? { before: after } : {}), limit: take + 1 });
    rules.push(...page.slice(0, take));
    if (page.length <= take) return { rules, more: false };
    if (rules.length >= want) return { rules, more: true };
    after = cursorOf(rules[rules.length - 1]);
  }
}
