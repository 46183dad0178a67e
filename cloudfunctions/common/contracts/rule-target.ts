/**
 * How a campaign names a merchant rule segment among its targets: `rule:<ruleId>`. Here, in the
 * contracts the app compiles in, so the admin pages read targets with the server's own rule.
 */

/** Campaigns target a rule segment by this id form. */
export const ruleTargetId = (id: string): string => `rule:${id}`;

/** The rule id of a campaign target, or null for a model segment. */
export const ruleIdOf = (target: unknown): string | null =>
  typeof target === 'string' && target.startsWith('rule:') ? target.slice(5) : null;
