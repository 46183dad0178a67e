/**
 * One invocation of the value function's work: start the daily refit when it is due (or when
 * staff asked), tick `refit:value`, then start/tick the scoring pass when the serving version
 * differs from the last pass's, or the last pass is from an earlier day (predictions age with
 * the calendar). Both jobs share the invocation's budget.
 */
import type { JobHandler, JobRunner, TickResult } from '../jobs';
import { dayIndex } from '../profile/day';
import { REFIT_KIND } from './refit-job';
import { SCORE_KIND } from './score-job';

/** What one invocation needs. */
export interface ValueTickDeps {
  runner: JobRunner;
  refit: JobHandler;
  score: JobHandler;
  /** version serving now (null: none) */
  servingVersion(): Promise<string | null>;
  now(): number;
}

/** Options of one invocation. */
export interface ValueTickOptions {
  budgetMs: number;
  refitIntervalMs: number;
  /** `staff:<openid>` when staff asked for a refit now; absent for the timer */
  refitRequestedBy?: string;
}

/** What the invocation did. */
export interface ValueTickResult {
  refit: TickResult & { started: boolean };
  score: (TickResult & { started: boolean }) | null;
}

async function refitDue(runner: JobRunner, now: number, intervalMs: number): Promise<boolean> {
  const [last] = await runner.runs(REFIT_KIND, 1);
  return !last || (last.status !== 'running' && now - last.createdAt >= intervalMs);
}

async function scoreDue(runner: JobRunner, serving: string | null, now: number): Promise<boolean> {
  const [last] = await runner.runs(SCORE_KIND, 1);
  if (!last) return serving !== null;
  if (last.status === 'running') return false;
  const lastVersion = (last.result?.version ?? null) as string | null;
  if (lastVersion !== serving) return true;
  return serving !== null && dayIndex(last.createdAt) !== dayIndex(now);
}

/** Runs one invocation. */
export async function valueTick(d: ValueTickDeps, o: ValueTickOptions): Promise<ValueTickResult> {
  const t0 = d.now();
  let refitStarted = false;
  if (o.refitRequestedBy || (await refitDue(d.runner, t0, o.refitIntervalMs)))
    refitStarted = (await d.runner.start(REFIT_KIND, { requestedBy: o.refitRequestedBy ?? 'timer' })).created;
  const refit = { ...(await d.runner.tick(d.refit, { budgetMs: o.budgetMs })), started: refitStarted };
  const left = o.budgetMs - (d.now() - t0);
  if (left <= 0) return { refit, score: null };
  let scoreStarted = false;
  if (await scoreDue(d.runner, await d.servingVersion(), d.now()))
    scoreStarted = (await d.runner.start(SCORE_KIND, { requestedBy: 'value' })).created;
  return { refit, score: { ...(await d.runner.tick(d.score, { budgetMs: left })), started: scoreStarted } };
}
