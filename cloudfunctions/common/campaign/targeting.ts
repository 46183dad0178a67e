/**
 * Who may receive a campaign's notice: the targeting predicate, pure and shared by the dispatcher
 * and the admin's audience preview. Order of checks = order of the reasons staff see.
 */
import { audienceRow } from '../audience/audience-row';
import { evaluateRule } from '../audience/evaluate-rule';
import { ruleIdOf, type RuleSegmentDoc } from '../audience/rule-schema';
import { isPersonalised, type CampaignInput } from './campaign-schema';
import { profileMetrics, type ProfileMetrics } from './profile-metrics';

/** Consent document (`consents`, `_id` = openid). */
export interface ConsentLike {
  granted?: boolean;
  withdrawnAt?: number | null;
  personalization?: boolean;
}

/** Why a customer is not targeted. */
export type SkipReason =
  'no_consent' | 'personalization_off' | 'not_in_segment' | 'filtered_out' | 'no_grant' | 'frequency_cap';

/** Everything the predicate looks at for one customer. */
export interface TargetInput {
  profile: Record<string, unknown> & { segment?: unknown };
  consent: ConsentLike | null | undefined;
  /** Remaining one-time grants for the campaign's template. */
  grantsAvailable: number;
  /** Notices (any campaign) sent to this customer within the campaign's cap window. */
  recentSends: number;
  /** Time the figures are computed at (default now). */
  now?: number;
  /** The campaign's rule segments by id (a target `rule:<id>` missing here selects no one). */
  rules?: ReadonlyMap<string, Pick<RuleSegmentDoc, 'include' | 'exclude'>>;
}

/** Is the customer in one of the campaign's targets (model segments or rule segments)? */
function inTargets(segments: CampaignInput['segments'], t: TargetInput): boolean {
  let row: ReturnType<typeof audienceRow> | null = null;
  return segments.some((s) => {
    const ruleId = ruleIdOf(s);
    if (ruleId === null) return String(s) === String(t.profile.segment);
    const rule = t.rules?.get(ruleId);
    if (!rule) return false;
    row ??= audienceRow(t.profile, t.consent, t.now ?? Date.now());
    return evaluateRule(rule, row).member;
  });
}

type Range = { min?: number; max?: number } | undefined;
const inRange = (v: number | null, r: Range): boolean =>
  r === undefined ||
  (v !== null && (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max));

function passesFilters(m: ProfileMetrics, f: CampaignInput['filters']): boolean {
  return (
    inRange(m.sentiment, f.sentiment) &&
    inRange(m.recencyDays, f.recencyDays) &&
    inRange(m.frequency90d, f.frequency90d) &&
    inRange(m.monetary90d, f.monetary90d)
  );
}

/**
 * The customer's own say (consent, personalised-push opt-out): null when it allows campaign `c`.
 * Dispatch asks it again right before each send (send-one.ts), so a change of mind that lands
 * after a page was read still stops the notice.
 */
export function consentSkip(
  c: Pick<CampaignInput, 'segments' | 'filters'>,
  consent: ConsentLike | null | undefined,
): 'no_consent' | 'personalization_off' | null {
  // Withdrawn or never-given consent: never targeted, whatever the campaign (PIPL).
  if (!consent || consent.granted !== true || consent.withdrawnAt) return 'no_consent';
  // Personalised-push opt-out: never targeted by segment/filter-based campaigns (PIPL art. 24).
  if (isPersonalised(c) && consent.personalization === false) return 'personalization_off';
  return null;
}

/**
 * Is the customer in the campaign's target by what is known without reading their profile against
 * it: every customer when it names no target, else a model segment the segment job stored on them.
 * A rule segment never holds a customer who has not agreed or turned personalised pushes off
 * (audience/evaluate-rule.ts), so for them this is the whole answer, and no rule is run on them.
 */
export function inStoredTargets(segments: CampaignInput['segments'], profile: TargetInput['profile']): boolean {
  return segments.length === 0 || segments.some((s) => ruleIdOf(s) === null && String(s) === String(profile.segment));
}

/**
 * Null when the customer is eligible, otherwise the first reason they are not. Their own say comes
 * first (no rule or filter is evaluated for a customer it excludes); it is the reason counted only
 * when they are in the target without that ({@link inStoredTargets}), else they are `not_in_segment`:
 * so a pass that pages the whole shop (a rule segment among the targets) counts the opted-out of its
 * target, not of the shop, as the editor's 预计可发送 does (admin/campaign-audience.ts).
 */
export function skipReason(
  c: Pick<CampaignInput, 'segments' | 'filters' | 'frequencyCap'>,
  t: TargetInput,
): SkipReason | null {
  const own = consentSkip(c, t.consent);
  if (own) return inStoredTargets(c.segments, t.profile) ? own : 'not_in_segment';
  if (c.segments.length > 0 && !inTargets(c.segments, t)) {
    return 'not_in_segment';
  }
  if (!passesFilters(profileMetrics(t.profile, t.now), c.filters ?? {})) return 'filtered_out';
  if (!(t.grantsAvailable > 0)) return 'no_grant';
  if (t.recentSends >= c.frequencyCap.max) return 'frequency_cap';
  return null;
}
