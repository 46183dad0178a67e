/**
 * What a model's refit job gives the `refit` function: its job kind, a factory of its
 * {@link JobHandler} over the function's environment, and optionally a schedule the timer asks
 * whether to open a run now (interval since the last run, new data, a drift alarm — the model's
 * own module decides). Registered in one line of `kinds.ts`.
 */
import type { Db } from '../common/db/wx-db';
import type { JobHandler, JobRun } from '../common/jobs';
import type { ModelFiles, ModelStore } from '../common/model-store';

/** What a kind's handler and schedule may use: the database, the model store and its files. */
export interface RefitEnv {
  db: Db;
  store: ModelStore;
  /** Cloud storage (the store's files port): download a serving version's files, … */
  files: ModelFiles;
  now(): number;
}

/** The timer's question to a kind: open a run now? `reason` (Chinese) is shown to staff. */
export interface ScheduleDecision {
  start: boolean;
  reason: string;
  /** Input of the run when `start` (e.g. the data window). */
  params?: Record<string, unknown>;
}

/** What a schedule sees: the environment and the kind's last run (null before the first). */
export interface ScheduleContext {
  env: RefitEnv;
  lastRun: JobRun | null;
  now: number;
}

/** One model's refit job. */
export interface RefitKind {
  /** `refit:<model>` — the run kind admin `modelRefit` opens for `<model>`. */
  kind: `refit:${string}`;
  /** The job's steps; each should finish well within {@link MIN_TICK_MS}. */
  handler(env: RefitEnv): JobHandler;
  /** Absent: the kind only runs when staff ask. */
  schedule?(ctx: ScheduleContext): Promise<ScheduleDecision>;
}
