/**
 * Storage port of the segment job and its shapes: the job document (`jobs/segment`: cursor,
 * running counts, lease, last error), run snapshots (`segment_runs`), history (`segment_history`).
 */
import type { ProfileDoc } from '../common/profile/types';
import type { StoredFeatures } from '../common/segments/stored-features';
import type { ReasonFact } from '../common/segments/reasons';

/** `jobs` document `_id: 'segment'`. */
export interface SegmentJobDoc {
  _id: string;
  /** id of the pass in progress, null between passes */
  passId: string | null;
  /** last profile `_id` done in this pass ('' at the start) */
  cursor: string;
  passStartedAt: number | null;
  modelVersion: string | null;
  /** customers per segment id so far in this pass */
  counts: Record<string, number>;
  scored: number;
  written: number;
  changed: number;
  /** an invocation holds the job until this time (ms) */
  leaseUntil: number;
  leaseId: string | null;
  lastRunId: string | null;
  /** when the last full pass finished (ms), null before the first */
  lastPassAt: number | null;
  /** dirty sweep: profiles with `updatedAt` after this (ms) still need a look; null = none yet */
  dirtySince: number | null;
  /** sweep in progress: its start time (the next watermark) and cursor */
  sweepStartedAt: number | null;
  sweepCursor: string;
  lastError: { at: number; code: string; message: string } | null;
}

/** `segment_runs` document: one per completed full pass. */
export interface SegmentRunDoc {
  _id: string;
  startedAt: number;
  finishedAt: number;
  modelVersion: string;
  total: number;
  counts: Record<string, number>;
  shares: Record<string, number>;
  segments: { id: number; name: string; count: number; share: number }[];
  previousRunId: string | null;
  /** population stability index vs the previous run (null for the first run) */
  psi: number | null;
  psiLevel: 'stable' | 'moderate' | 'large' | null;
  /** the pass put customers without an order in their own group (segments/non-buyers.ts); absent before it did */
  nonBuyerGroup?: true;
  /**
   * the previous run assigned by an older rule (no non-buyer group): its PSI compares two rules, not
   * two moments of the shop's customers, so it is no drift (admin drift notes, the refit timer)
   */
  ruleChanged?: true;
}

/** `segment_history` document: one per change of a customer's segment. */
export interface SegmentHistoryDoc {
  /** `${passId}:${openid}`: at most one entry per customer per pass or sweep */
  _id: string;
  openid: string;
  from: number | null;
  fromName: string | null;
  to: number;
  toName: string;
  at: number;
  modelVersion: string;
  passId: string;
}

/** Fields the job writes onto a profile. */
export interface ProfileSegmentFields {
  segment: number;
  segmentName: string;
  /** short pure-Chinese form of the name (≤ 5 characters) */
  segmentPhrase: string;
  segmentReasons: string[];
  /** the reasons' figures, worded on read (segments/reasons.ts) */
  segmentReasonFacts: ReasonFact[];
  /** raw feature values the model scored, by name in feature-spec order (null = missing) */
  features: StoredFeatures;
  /** the time (ms) `features` were computed at */
  featuresAt: number;
  /** the profile `rev` that was scored: the profile is dirty again when its rev moves on */
  segmentedRev: number | null;
  modelVersion: string;
}

/** What the segment job needs from the database. */
export interface SegmentStore {
  /** Take the job lease until `until` unless another invocation holds it; the job doc, or null when busy. */
  acquire(now: number, until: number, leaseId: string): Promise<SegmentJobDoc | null>;
  saveJob(patch: Partial<SegmentJobDoc>): Promise<void>;
  /** Profiles with `_id > after` in `_id` order. */
  pageProfiles(after: string, limit: number): Promise<ProfileDoc[]>;
  /** Profiles with `_id > after` and `updatedAt` later than `since` (ms), in `_id` order. */
  pageDirty(since: number, after: string, limit: number): Promise<ProfileDoc[]>;
  /** Write segment fields if the profile is still at `rev` (stamps `segmentedAt` = server time); false when it moved on. */
  writeSegment(openid: string, rev: number | undefined, fields: ProfileSegmentFields): Promise<boolean>;
  /** Insert history entries; an entry whose `_id` exists is left as it is (re-runs of a page). */
  appendHistory(docs: SegmentHistoryDoc[]): Promise<void>;
  /** Remove history entries by `_id` (changes whose profile write did not land). */
  removeHistory(ids: string[]): Promise<void>;
  lastRun(): Promise<SegmentRunDoc | null>;
  /**
   * Customers erased since `since` (ms; common/consent/erasures.ts): a page read before an erasure
   * writes nothing for them. Absent (unit-test stores without erasures): nobody is.
   */
  erasedSince?(since: number): Promise<(openid: string) => boolean>;
  /**
   * After a save of the job naming these positions (profile ids, '' = none), read at or after
   * `since`: each one whose customer was erased since is moved off (consent/erase-guard.ts).
   * Absent (unit-test stores without erasures): nothing is checked.
   */
  positionsSaved?(ids: readonly (string | undefined)[], since: number): Promise<void>;
  /** Takes the segment fields off a profile (a write that landed while its customer was erased). */
  forgetSegment?(openid: string): Promise<void>;
  /** Insert a run snapshot; a repeat of the same `_id` is ignored. */
  insertRun(doc: SegmentRunDoc): Promise<void>;
}

/** A fresh job document. */
export const emptyJob = (): SegmentJobDoc => ({
  _id: 'segment',
  passId: null,
  cursor: '',
  passStartedAt: null,
  modelVersion: null,
  counts: {},
  scored: 0,
  written: 0,
  changed: 0,
  leaseUntil: 0,
  leaseId: null,
  lastRunId: null,
  lastPassAt: null,
  dirtySince: null,
  sweepStartedAt: null,
  sweepCursor: '',
  lastError: null,
});
