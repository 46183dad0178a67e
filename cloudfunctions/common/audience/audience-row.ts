/**
 * What a rule looks at for one customer: a small projection of their profile and consent,
 * computed once and cached (the admin's live preview evaluates rules against these rows, never a
 * database scan per keystroke; the dispatcher builds the same row for each profile it pages).
 */
import { currentFeatures } from '../campaign/profile-metrics';
import type { ConsentLike } from '../campaign/targeting';
import { indexBuckets, windowWeights } from '../features/windows';
import { isHashedKey } from '../db/stored-keys';
import { categoryOfKey } from '../profile/bucket-keys';
import type { ReducedProfile } from '../profile/types';
import { currentSegmentName } from '../segments/display-name';

/** One customer as rules see them. */
export interface AudienceRow {
  openid: string;
  /** Raw features by name plus `value_*` predictions (null when missing). */
  num: Record<string, number | null>;
  segment: string | null;
  segmentName: string | null;
  /** Categories interacted with in the last 90 days. */
  categories: string[];
  /**
   * Those of them whose id was too long to keep in its stored key (a hashed key, profile/bucket-keys.ts):
   * their keys, matched against a rule's id by that id's key. Absent when there are none (the usual row).
   */
  hashedCategoryKeys?: string[];
  churnRisk: 'low' | 'medium' | 'high' | null;
  /** which part of the value model predicts (null: no prediction on the profile) */
  valueStage: 'buyer' | 'visitor' | null;
  consented: boolean;
  personalization: boolean;
}

/** Value-model predictions as stored on the profile (`profile.value`). */
interface StoredValue {
  purchases90d?: number;
  pActive?: number;
  spend90dFen?: number;
  churnRisk?: 'low' | 'medium' | 'high';
  /** 'visitor' on never-bought customers; absent on buyers */
  stage?: 'visitor';
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The row of one profile document and its consent (null consent = never agreed). */
export function audienceRow(
  profile: Record<string, unknown>,
  consent: ConsentLike | null | undefined,
  asOf: number,
): AudienceRow {
  const value = (profile.value ?? {}) as StoredValue;
  const spend = num(value.spend90dFen);
  const categories: string[] = [];
  const hashed: string[] = [];
  if (profile.d && typeof profile.d === 'object')
    for (const k of windowWeights(indexBuckets(profile as unknown as ReducedProfile, asOf), 90).keys()) {
      const id = categoryOfKey(k);
      if (id !== undefined) categories.push(id);
      else if (isHashedKey(k)) hashed.push(k);
    }
  return {
    openid: String(profile._id ?? profile.openid),
    num: {
      ...currentFeatures(profile, asOf),
      value_purchases_90d: num(value.purchases90d),
      value_p_active: num(value.pActive),
      value_spend_90d: spend === null ? null : spend / 100,
    },
    segment: profile.segment === undefined || profile.segment === null ? null : String(profile.segment),
    // today's name of a renamed rule (the pass rewrites the stored one on its next visit)
    segmentName: typeof profile.segmentName === 'string' ? currentSegmentName(profile.segmentName) : null,
    categories,
    ...(hashed.length ? { hashedCategoryKeys: hashed } : {}),
    churnRisk: value.churnRisk ?? null,
    valueStage: profile.value ? (value.stage === 'visitor' ? 'visitor' : 'buyer') : null,
    consented: !!consent && consent.granted === true && !consent.withdrawnAt,
    personalization: consent?.personalization !== false,
  };
}
