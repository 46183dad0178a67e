/**
 * One invocation of the `refit` function. Timer: ask each kind's schedule whether a run is due and
 * open it (a no-op while one is active), then work on every active run, sharing one budget. Staff
 * (through the admin function): work on the requested kind's run only. Platform-free: the runner,
 * the kinds and the environment come in.
 */
import { saveScheduleRecord, type JobRunner, type TickResult } from '../common/jobs';
import type { RefitEnv, RefitKind } from './types';

/** Budget of one invocation, shared by every run it ticks (the function limit is 60 s). */
export const HOST_BUDGET_MS = 40_000;
/** A run is not ticked with less than this left: a step of it must not outlive the invocation. */
export const MIN_TICK_MS = 15_000;

/** What one invocation did, per kind. */
export interface HostReport {
  scheduled: Array<{ kind: string; start: boolean; reason: string; runId?: string }>;
  ticks: Array<TickResult & { kind: string }>;
  /** Kinds with an active run left for the next invocation (budget spent). */
  deferred: string[];
}

/** Who asked: the timer (all kinds, schedules) or staff for one kind. */
export type HostTrigger = { by: 'timer' } | { by: 'staff'; kind: string };

async function schedule(k: RefitKind, runner: JobRunner, env: RefitEnv, report: HostReport): Promise<void> {
  if (!k.schedule) return;
  const [last] = await runner.runs(k.kind, 1);
  if (last?.status === 'running') return; // the tick below continues it
  const now = env.now();
  let decision;
  try {
    decision = await k.schedule({ env, lastRun: last ?? null, now });
  } catch (err) {
    // A broken schedule must not stop the other kinds; it is logged and shown to staff.
    console.error(`[refit] schedule of ${k.kind} failed`, err);
    decision = { start: false, reason: `计划检查出错：${(err as Error).message}`.slice(0, 200) };
  }
  await saveScheduleRecord(env.db, { kind: k.kind, start: decision.start, reason: decision.reason, at: now });
  const entry: HostReport['scheduled'][number] = { kind: k.kind, start: decision.start, reason: decision.reason };
  if (decision.start) {
    const r = await runner.start(k.kind, { requestedBy: 'timer', params: decision.params ?? {} });
    entry.runId = r.runId;
  }
  report.scheduled.push(entry);
}

/** Runs one invocation. */
export async function hostRefits(o: {
  runner: JobRunner;
  kinds: readonly RefitKind[];
  env: RefitEnv;
  trigger: HostTrigger;
  budgetMs?: number;
}): Promise<HostReport> {
  const { runner, env } = o;
  const start = env.now();
  const deadline = start + (o.budgetMs ?? HOST_BUDGET_MS);
  const report: HostReport = { scheduled: [], ticks: [], deferred: [] };
  const kinds = o.trigger.by === 'staff' ? o.kinds.filter((k) => k.kind === (o.trigger as { kind: string }).kind) : o.kinds;
  if (o.trigger.by === 'timer') for (const k of kinds) await schedule(k, runner, env, report);

  // Least recently worked run first, so one long run cannot starve the others across ticks.
  const active: Array<{ k: RefitKind; updatedAt: number }> = [];
  for (const k of kinds) {
    const [last] = await runner.runs(k.kind, 1);
    if (last?.status === 'running') active.push({ k, updatedAt: last.updatedAt });
  }
  active.sort((a, b) => a.updatedAt - b.updatedAt);
  for (const { k } of active) {
    const left = deadline - env.now();
    // Staff asked for this one kind: it gets the whole budget they gave, however small.
    if (o.trigger.by === 'timer' && left < MIN_TICK_MS) {
      report.deferred.push(k.kind);
      continue;
    }
    // The registry's kind is the one the slot and admin use, whatever the handler says.
    const handler = { ...k.handler(env), kind: k.kind };
    const r = await runner.tick(handler, { budgetMs: Math.max(1, left) });
    report.ticks.push({ kind: k.kind, ...r });
  }
  return report;
}
