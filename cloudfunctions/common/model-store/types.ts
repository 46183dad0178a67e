/**
 * The documents of the model store: one {@link VersionDoc} per trained version in `model_versions`,
 * and one {@link PointerDoc} per model in `model_pointers` saying which version serves. The pointer
 * is the single source of truth (changed only by a conditional update); version statuses follow it.
 */
import { z } from 'zod';

/** The shipped model (bundled with the function), as a version name. */
export const SHIPPED = 'shipped';

/**
 * Lifecycle of a version: uploading → candidate → serving | rejected | abandoned; serving → retired
 * (replaced or rolled back). `uploading`: the document is written before the files, so a publish
 * that dies halfway leaves files a document names (never served, never judged; retention deletes
 * both). `abandoned`: a candidate the guard never judged (its refit ended first); retention deletes
 * its files after {@link UNJUDGED_CANDIDATE_DAYS} and keeps the document, as for every judged one.
 */
export type VersionStatus = 'uploading' | 'candidate' | 'serving' | 'rejected' | 'retired' | 'abandoned';

/**
 * A candidate is judged by the refit that published it, a step after the publish, and a refit run
 * ends within hours (each timer call continues it; three failed calls fail it). One still not judged
 * this many days after its creation, whose run is not running, never will be: same as a rejected
 * candidate's files (cloudfunctions/retention/policies.ts REJECTED_FILE_DAYS), it can neither serve
 * nor be rolled back to, and two weeks leave time to look at why its refit stopped.
 */
export const UNJUDGED_CANDIDATE_DAYS = 14;

/**
 * A version still `uploading` this long after its creation belongs to a publish that died (a
 * publish runs inside one function call, at most 60 s): retention deletes its files, then it.
 */
export const UPLOAD_LEASE_MS = 60 * 60_000;

/** Epoch ms of a stored time (a Date, from whichever realm decoded it, or a number); NaN otherwise. */
export const storedMs = (d: unknown): number =>
  typeof d === 'number' ? d : Object.prototype.toString.call(d) === '[object Date]' ? (d as Date).getTime() : NaN;

/**
 * Whether `v` is a dead publish: still `uploading` past {@link UPLOAD_LEASE_MS}. Retention deletes
 * it on its next daily pass; until then the 模型 card says the upload never finished (one rule for both).
 */
export const isStalledUpload = (v: { status: string; createdAt: unknown }, now: number): boolean =>
  v.status === 'uploading' && now - storedMs(v.createdAt) > UPLOAD_LEASE_MS;

/** The held-out comparison that decided a candidate. */
export const evaluationSchema = z.object({
  /** Metric name, e.g. `balanced_accuracy`, `rmse`. */
  metric: z.string().min(1),
  /** The candidate's and the incumbent's value on the same held-out data. */
  candidate: z.number().finite(),
  incumbent: z.number().finite(),
  /** Size of the held-out data. */
  heldOut: z.number().int().nonnegative(),
  /** The version the candidate was compared with (`shipped` for the bundled model). */
  incumbentVersion: z.string().min(1),
  /** Conditions the candidate must meet whatever the comparison says (e.g. a stability floor). */
  floors: z.array(z.object({ name: z.string().min(1), value: z.number().finite(), min: z.number().finite() })).optional(),
});
/** An evaluation, before the guard's verdict. */
export type Evaluation = z.infer<typeof evaluationSchema>;
/** An evaluation with the guard's verdict. */
export type JudgedEvaluation = Evaluation & { passed: boolean; reason: string };

/** The data a version was fitted on. */
export const dataWindowSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  n: z.number().int().nonnegative(),
});
/** The data window of a version. */
export type DataWindow = z.infer<typeof dataWindowSchema>;

/** One stored file of a version. */
export interface VersionFile {
  name: string;
  fileID: string;
  bytes: number;
  sha256: string;
}

/** A version in `model_versions` (`_id` = `<model>@<version>`). */
export interface VersionDoc {
  _id: string;
  model: string;
  version: string;
  status: VersionStatus;
  createdAt: Date;
  files: VersionFile[];
  /** The version's meta.json. */
  meta: Record<string, unknown>;
  evaluation: JudgedEvaluation | null;
  dataWindow: DataWindow;
  /** The version serving when this one was fitted (`shipped` when none). */
  parent: string;
  /** Which job produced it (refit run id), when known. */
  producedBy?: string;
  /** When it started/stopped serving. */
  servingSince?: Date;
  retiredAt?: Date;
  /** Load failures the registry reported (newest last, capped). */
  loadFailures?: Array<{ at: Date; reason: string; message: string }>;
  /** When retention deleted its files (cloudfunctions/retention/model-files.ts); it can never serve again. */
  filesPurgedAt?: Date;
  /** When retention gave up on it as a candidate the guard never judged (status `abandoned`). */
  abandonedAt?: Date;
}

/** The per-model pointer in `model_pointers` (`_id` = model). `serving: null` = the shipped model. */
export interface PointerDoc {
  _id: string;
  serving: string | null;
  /** What served before `serving` (the registry's fallback); null = the shipped model. */
  lastGood: string | null;
  /** Bumped on every change: the compare-and-swap token. */
  rev: number;
  changedAt: Date;
  /** `guard` (promotion), `rollback` (staff), with who and why. */
  change: { kind: 'guard' | 'rollback'; by: string; from: string; to: string; note?: string };
}

/** Versions are named by creation time (sortable, readable on the admin page) plus a random tail. */
export function versionName(at: Date, rand: () => number = Math.random): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}-${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
  return `${stamp}-${Math.floor(rand() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}

/** `_id` of a version doc. */
export const versionId = (model: string, version: string) => `${model}@${version}`;
