/** Resumable, leased, budgeted jobs (refits). See types.ts for the model. */
export {
  createJobRunner,
  DEFAULT_BUDGET_MS,
  DEFAULT_LEASE_MS,
  type JobRunner,
  type TickResult,
} from './runner';
export type { JobRun, JobSlot, JobHandler, StepContext, StepOutcome, RunStatus } from './types';
export type { JobDb, JobPorts } from './ports';
export { memoryJobPorts, memoryJobDb } from './memory-ports';
export { wxJobPorts, wxJobDb } from './wx-ports';
export { saveScheduleRecord, readScheduleRecord, type ScheduleRecord } from './schedule-log';
export { runSummary, type RunSummary } from './run-summary';
