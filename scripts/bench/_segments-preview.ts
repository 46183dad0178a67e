/**
 * Rule-segment preview latency, through the admin's own code: `previewRuleSegment` (rule parsing,
 * the container's cached audience projection, evaluate-rule over every row) on a shop of real
 * profiles that the segment job has scored. The projection is built once (timed separately), then
 * each preview is one edit of one of a mix of rules a merchant writes — what a keystroke costs.
 */
import { previewRuleSegment } from '../../cloudfunctions/common/admin/rule-segments';
import { cachedProjection } from '../../cloudfunctions/common/audience/projection-cache';
import type { RuleSegmentInput } from '../../cloudfunctions/common/audience/rule-schema';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import type { Db, Doc } from '../../cloudfunctions/common/db/wx-db';
import type { Assignment } from '../../cloudfunctions/common/inference/segmentation-post';
import type { ReducedProfile } from '../../cloudfunctions/common/profile';
import { storedFeaturesOfRow } from '../../cloudfunctions/common/segments/stored-features';
import { idPagedDb } from './_id-paged-sdk';

type Rule = Pick<RuleSegmentInput, 'include' | 'exclude'>;

/** A scored customer: the profile, when it was scored, its assignment and raw feature row. */
export interface ScoredProfile {
  profile: ReducedProfile;
  asOf: number;
  assignment: Assignment;
  raw: Float64Array;
}

/**
 * Value-model predictions for buyers. The bench has no value model run, so these are a smooth
 * function of recency and spend: rules on them then select a realistic share of customers.
 */
function valueOf(raw: Record<string, number | null>): Doc | undefined {
  if (raw.recency_days === null || raw.recency_days === undefined) return undefined;
  const pActive = Math.exp(-raw.recency_days / 120);
  const purchases90d = (pActive * Math.max(1, raw.frequency_365d ?? 0)) / 4;
  const aov = (raw.monetary_365d ?? 0) / Math.max(1, raw.frequency_365d ?? 0);
  const churnRisk = pActive > 0.6 ? 'low' : pActive > 0.25 ? 'medium' : 'high';
  return { purchases90d, pActive, spend90dFen: Math.round(purchases90d * aov * 100), churnRisk, at: Date.now(), version: 'bench' };
}

/** Profiles as the segment job leaves them, and consents: 2% withdrawn, 5% personalisation off. */
export function shopDb(scored: ScoredProfile[]): Db {
  const profiles: Doc[] = [];
  const consents: Doc[] = [];
  scored.forEach((s, i) => {
    const id = `o${String(i).padStart(7, '0')}`;
    const features = storedFeaturesOfRow(s.raw);
    profiles.push({
      _id: id, openid: id, rev: 1, segmentedRev: 1, ...s.profile, ...s.assignment,
      features, featuresAt: s.asOf, value: valueOf(features),
    });
    consents.push({ _id: id, granted: i % 50 !== 7, withdrawnAt: i % 50 === 7 ? s.asOf : undefined, personalization: i % 20 !== 3 });
  });
  return idPagedDb({ [COLLECTIONS.profiles]: profiles, [COLLECTIONS.consents]: consents });
}

const range = (field: string, min?: number, max?: number) => ({ kind: 'range' as const, field, min, max });

/** Rules a merchant writes (segments and categories taken from the shop's own data). */
function ruleMix(segments: string[], categories: string[]): Rule[] {
  const seg = (...i: number[]) => ({ kind: 'segment' as const, in: i.map((k) => segments[k % segments.length]) });
  const cat = (...i: number[]) => ({ kind: 'category' as const, in: i.map((k) => categories[k % categories.length]) });
  return [
    { include: { op: 'and', items: [range('monetary_365d', 100), range('recency_days', undefined, 90)] } },
    { include: { op: 'and', items: [range('cart_adds_30d', 1), range('frequency_30d', undefined, 0)] } },
    { include: { op: 'or', items: [seg(1, 4), cat(0, 1)] }, exclude: { op: 'or', items: [{ kind: 'churn_risk', in: ['high'] }] } },
    { include: { op: 'and', items: [range('value_p_active', 0.5), range('value_spend_90d', 50)] } },
    {
      include: { op: 'and', items: [{ op: 'or', items: [range('days_since_active', 180), { kind: 'churn_risk', in: ['high', 'medium'] }] }, range('tenure_days', 365)] },
      exclude: { op: 'and', items: [range('frequency_90d', 1)] },
    },
    { include: { op: 'or', items: [range('favorites_90d', 1), range('review_count', 1), range('product_views_30d', 5)] } },
    { include: { op: 'and', items: [seg(0, 2, 3), range('days_since_active', undefined, 60)] }, exclude: { op: 'or', items: [range('negative_share', 0.3)] } },
    { include: { op: 'and', items: [cat(2), range('product_views_30d', 1, 500)] } },
  ];
}

/** The `k`-th edit: a rule of the mix with its first bound moved, as staff type a number. */
function edit(rule: Rule, k: number): Rule {
  const copy = structuredClone(rule) as Rule;
  const first = copy.include.items.find((i) => 'kind' in i && i.kind === 'range') as { min?: number; max?: number } | undefined;
  const f = 1 + (k % 7) / 10;
  if (first?.min !== undefined) first.min *= f;
  else if (first?.max !== undefined) first.max *= f;
  return copy;
}

/** Nearest-rank percentile. */
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Builds the projection (timed), then times `n` previews of edited rules. */
export async function measurePreview(db: Db, n: number) {
  const t0 = performance.now();
  const projection = await cachedProjection(db, { refresh: true });
  const buildMs = performance.now() - t0;
  const count = (key: (r: (typeof projection.rows)[number]) => string[]) => {
    const m = new Map<string, number>();
    for (const r of projection.rows) for (const k of key(r)) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  };
  const rules = ruleMix(count((r) => (r.segment ? [r.segment] : [])), count((r) => r.categories.slice(0, 3)));
  const ms: number[] = [];
  const cpuMs: number[] = [];
  const shares: number[] = [];
  for (let k = 0; k < n; k++) {
    const c = process.cpuUsage();
    const t = performance.now();
    const p = await previewRuleSegment(db, edit(rules[k % rules.length], Math.floor(k / rules.length)));
    ms.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpuMs.push((used.user + used.system) / 1000);
    if (k < rules.length) shares.push(p.size / p.population);
  }
  ms.sort((a, b) => a - b);
  cpuMs.sort((a, b) => a - b);
  return {
    rows: projection.rows.length,
    buildMs,
    previews: n,
    p50: pct(ms, 50),
    p99: pct(ms, 99),
    max: ms[ms.length - 1],
    /** the process's CPU time per preview: what it costs without waiting for a shared core */
    cpuP50: pct(cpuMs, 50),
    cpuP99: pct(cpuMs, 99),
    memberShares: shares.map((s) => Number(s.toFixed(3))),
  };
}
