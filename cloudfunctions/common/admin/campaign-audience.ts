/**
 * The campaign editor's reach estimate, before anything is saved or sent: of the customers the
 * chosen segments hold, how many may be sent to at all (consent, and personalised pushes on when
 * the campaign targets segments) and how many of those accepted this template's notice (a grant
 * left, not blocked) — the funnel dispatch walks (campaign/targeting.ts), minus the sentiment
 * filter and the frequency cap, which can only lower it. Without it a campaign to a shop whose
 * customers never subscribed "sends" to nobody, and its results are zeros without a reason.
 * Every input is a container cache brought up to date at each use (the projection with consent
 * changes, the grant holders with grant writes), so an estimate per click reads only what changed.
 */
import { evaluateRule } from '../audience/evaluate-rule';
import { cachedProjection } from '../audience/projection-cache';
import { ruleIdOf } from '../audience/rule-schema';
import { loadRules, targetedRules } from '../audience/rule-store';
import { isPersonalised } from '../campaign/campaign-schema';
import { cachedGrantHolders } from '../audience/grant-holders';
import type { CampaignAudience } from '../contracts/admin-replies';
import type { Db } from '../db/wx-db';
import { readTemplateFaults } from '../dispatch/template-faults';

export type { CampaignAudience };

/**
 * The estimate for `segments` (model ids or `rule:<id>`) and `templateId`; `filtered`: the campaign
 * has a filter, which makes it personalised (campaign-schema.ts isPersonalised) even with no target,
 * so the opted-out are left out as the send leaves them out (the filter itself is not applied here).
 */
export async function campaignAudience(db: Db, segments: ReadonlyArray<number | string>, templateId: string, filtered = false): Promise<CampaignAudience> {
  // The targeted rules by id, however many rules are newer (no query without one).
  const [p, ruleById, holders, faults] = await Promise.all([cachedProjection(db), loadRules(db, segments), cachedGrantHolders(db, templateId), readTemplateFaults(db)]);
  // A template WeChat said is gone (40037): the grants customers gave it reach no one any more.
  const removed = faults.removed.find((f) => f.templateId === templateId);
  const models = new Set(segments.filter((s) => ruleIdOf(s) === null).map(String));
  const targetRules = targetedRules(segments, ruleById);
  const granted = holders.openids;
  const personalised = filtered || isPersonalised({ segments: [...segments] as never, filters: {} });
  let targeted = 0;
  let reachable = 0;
  let subscribed = 0;
  for (const row of p.rows) {
    const inTarget =
      segments.length === 0 || (row.segment !== null && models.has(row.segment)) || targetRules.some((r) => evaluateRule(r, row).member);
    if (!inTarget) continue;
    targeted++;
    if (!row.consented || (personalised && !row.personalization)) continue;
    reachable++;
    if (!removed && granted.has(row.openid)) subscribed++;
  }
  return { targeted, reachable, subscribed, personalised, projectedAt: p.builtAt, ...(removed ? { templateRemoved: removed } : {}) };
}
