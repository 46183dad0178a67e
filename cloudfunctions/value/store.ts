/** The value job's state and the ports it runs on (platform-free; wx-store.ts is the real one). */
import type { ProfileDoc } from '../common/profile/types';
import type { ValueModel } from '../common/value/model';
import type { ProfileValue } from '../common/value/profile-value';

/** `jobs/value`: the fitted model, its data window, and the cursor of the scoring pass. */
export interface ValueJobDoc {
  _id: 'value';
  phase: 'idle' | 'scoring';
  /** the fitted model, and its version (named by the last day of data it saw) */
  model: ValueModel | null;
  version: string | null;
  /** data window of the model: first and last day (YYYY-MM-DD) and the buyers it was fitted on */
  dataWindow: { from: string; to: string; n: number } | null;
  fittedAt: number | null;
  fitSeconds: number | null;
  /** scoring pass: last profile _id done, profiles written, when it finished */
  cursor: string;
  scored: number;
  finishedAt: number | null;
  lastError: { at: number; message: string } | null;
  leaseUntil: number;
  leaseId: string;
}

/** A fresh job document. */
export const emptyValueJob = (): ValueJobDoc => ({
  _id: 'value',
  phase: 'idle',
  model: null,
  version: null,
  dataWindow: null,
  fittedAt: null,
  fitSeconds: null,
  cursor: '',
  scored: 0,
  finishedAt: null,
  lastError: null,
  leaseUntil: 0,
  leaseId: '',
});

/** What the job needs from the database. */
export interface ValueStore {
  /** takes the job's lease until `until` (null when another call holds it) */
  acquire(now: number, until: number, leaseId: string): Promise<ValueJobDoc | null>;
  saveJob(patch: Partial<ValueJobDoc>): Promise<void>;
  /** profiles with _id > after, in _id order */
  pageProfiles(after: string, limit: number): Promise<ProfileDoc[]>;
  /** sets `value` on a profile (not its update marker: predictions do not make a profile dirty) */
  writeValue(openid: string, value: ProfileValue): Promise<void>;
}
