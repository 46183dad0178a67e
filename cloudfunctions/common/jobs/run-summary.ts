/**
 * What staff see of a job run (the 模型 card, the value function's status): who asked, where it
 * is, and how it ended — never its state, cursor or artifacts.
 */
import type { JobRun } from './types';

/** The staff-facing view of a run. */
export interface RunSummary {
  runId: string;
  status: JobRun['status'];
  requestedBy: string;
  phase: string;
  createdAt: number;
  finishedAt: number | null;
  result: Record<string, unknown> | null;
  error: JobRun['error'];
}

/** The view of `run`, or null when there is none. */
export function runSummary(run: JobRun | null | undefined): RunSummary | null {
  if (!run) return null;
  return {
    runId: run._id,
    status: run.status,
    requestedBy: run.requestedBy,
    phase: run.phase,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt ?? null,
    result: run.result ?? null,
    error: run.error ?? null,
  };
}
