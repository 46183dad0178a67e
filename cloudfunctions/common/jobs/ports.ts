/** Ports of the job runner: run docs, the per-kind slot, and cloud storage for artifacts. */
import type { ModelFiles } from '../model-store/ports';
import type { RunSnapshot } from './erasure-scope';
import type { JobRun, JobSlot } from './types';

/** Documents of the job runner. */
export interface JobDb {
  getSlot(kind: string): Promise<JobSlot | null>;
  /** Set the slot's `active` to `next` only if it is `expected` now (absent slot = null); false otherwise. */
  swapSlot(
    kind: string,
    expected: string | null,
    next: { active: string | null; lastRun?: string },
  ): Promise<boolean>;
  insertRun(run: JobRun): Promise<void>;
  /** Delete a run that never became active (a start that lost the slot to a concurrent one). */
  removeRun(id: string): Promise<void>;
  getRun(id: string): Promise<JobRun | null>;
  /** Take the lease if it is free at `now` and the run is still running; false otherwise (another invocation holds it, or it ended). */
  acquireLease(id: string, now: number, until: number, leaseId: string): Promise<boolean>;
  /** Save `patch` only while `leaseId` still holds the run; false when the lease was lost. */
  saveRun(id: string, leaseId: string | null, patch: Partial<JobRun>): Promise<boolean>;
  /** Newest first. */
  listRuns(kind: string, limit: number): Promise<JobRun[]>;
}

/**
 * What the runner tells the customers' erasures (consent/erase-guard.ts). An erasure moves every
 * run's paging position off the customer at once, but a step that read the customer before the
 * erasure's mark may checkpoint that position after the move: the runner asks after each
 * checkpoint, so the position never outlives the step.
 */
export interface JobErasureGuard {
  /** After a checkpoint of `run`, whose step began at `stepStart`: its position moves off anyone erased since. */
  checkpointed(run: Readonly<JobRun>, stepStart: number): Promise<void>;
  /**
   * The newest erasure mark whose customer `run`'s checkpoint files may hold (purchase histories,
   * review texts), or null when there is none or it has no files: the runner then deletes the
   * files and starts the run over (erasure-restart.ts). After a checkpoint, `step` says what the
   * files were before it and when it began (each kind's answer: erasure-scope.ts); without it
   * (after a failed step), any erasure of a customer who held data since the run began counts.
   */
  artifactsErased(run: Readonly<JobRun>, step?: CheckedStep): Promise<ErasureCheck>;
}

/** What an erasure check found: the mark to restart at (null: none), and the marks now placed. */
export interface ErasureCheck {
  at: number | null;
  /** After a checkpoint: every data erasure placed against this pass's files (JobRun.erasuresPlaced). */
  placed?: number[];
}

/** A step just checkpointed, as the erasure check sees it. */
export interface CheckedStep {
  /** The run as it was before the step (its phase, position, state and files). */
  prev: RunSnapshot;
  /** When the step began (runner's clock). */
  stepStart: number;
}

/** Everything the runner needs. */
export interface JobPorts {
  db: JobDb;
  files: ModelFiles;
  now?: () => number;
  /** Absent: nothing is checked (memory ports, read-only runners). */
  erasures?: JobErasureGuard;
}
