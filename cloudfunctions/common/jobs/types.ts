/**
 * Resumable jobs (refits): a run doc in `job_runs` holds the phase, a cursor and small state; each
 * invocation works within a time budget and checkpoints after every step, so a 60 s function
 * limit, a crash or a kill costs at most one step. A lease on the run doc keeps two timer ticks
 * from running it at once; one active run per kind (slot doc in `jobs`, `_id` = `runner:<kind>`).
 */

/** Status of a run. */
export type RunStatus = 'running' | 'succeeded' | 'failed';

/** A run in `job_runs` (`_id` = `<kind>@<stamp>`). */
export interface JobRun {
  _id: string;
  kind: string;
  status: RunStatus;
  /** Who asked: `timer`, `staff:<openid>`, … */
  requestedBy: string;
  /** Input of the run (e.g. the data window). */
  params: Record<string, unknown>;
  phase: string;
  cursor: unknown;
  /** Small progress state (a few KB); larger intermediates go to cloud storage (`artifacts`). */
  state: Record<string, unknown>;
  /** Name → fileID of intermediates in cloud storage. */
  artifacts: Record<string, string>;
  leaseId: string | null;
  /** Epoch ms; the run is free when this is in the past. */
  leaseUntil: number;
  /** Invocations that worked on it, steps done, consecutive failures. */
  invocations: number;
  steps: number;
  failures: number;
  createdAt: number;
  updatedAt: number;
  /**
   * The erasure mark (ms) this run last started over for: its checkpoint files were deleted and
   * its work begun again, so its files hold nothing of customers erased up to then.
   */
  restartedAt?: number;
  /**
   * When its read of customers' data ended (ms, the runner's clock): a customer whose data began
   * after it is in none of its files (jobs/erasure-scope.ts).
   */
  readEndedAt?: number | null;
  /**
   * When the runner last asked which erasures its files may hold (ms): the next check asks for
   * those marked since (less the clock slack), not for every one since the run began.
   */
  erasuresCheckedAt?: number;
  /**
   * The data erasures the runner has already placed against this run's files, by their marks'
   * times only (one entry per erasure; never who: the run outlives her erasure). A mark a lagging
   * read shows only after the next check's window has moved past it is placed when first seen,
   * then never again (a mark placed at every checkpoint would restart the run once its walk passes
   * her openid).
   */
  erasuresPlaced?: number[];
  finishedAt?: number;
  result?: Record<string, unknown>;
  error?: { message: string; phase: string; at: number } | null;
}

/** The per-kind slot doc. */
export interface JobSlot {
  _id: string;
  active: string | null;
  lastRun: string | null;
}

/**
 * What a step returns: keep going (new phase/cursor/state) or finished with a result. `yield`
 * checkpoints and ends this invocation: the next step needs a fresh budget (e.g. a long fit that
 * must not start late in an invocation and run into the 60 s limit).
 */
export type StepOutcome =
  | { done?: false; phase?: string; cursor?: unknown; state?: Record<string, unknown>; yield?: boolean }
  | { done: true; result: Record<string, unknown> };

/** What a step sees. */
export interface StepContext {
  run: Readonly<JobRun>;
  /** Milliseconds left in this invocation's budget (a step should stop well before 0). */
  timeLeft(): number;
  /** Keep a larger intermediate in cloud storage (survives the invocation); returns its fileID. */
  putArtifact(name: string, content: Buffer): Promise<string>;
  getArtifact(name: string): Promise<Buffer>;
}

/** A kind of job: one bounded step at a time (a page, a fit iteration, an export). */
export interface JobHandler {
  kind: string;
  step(ctx: StepContext): Promise<StepOutcome>;
  /** Consecutive failed invocations before the run is marked failed (default 3). */
  maxFailures?: number;
}
