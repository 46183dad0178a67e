/**
 * The job runner: `start` opens a run (one active run per kind), `tick` works on the active run
 * for at most `budgetMs` under a lease, checkpointing after every step. Called by a timer (each
 * tick continues the run) and by staff (start, then tick). Platform-free; ports in ports.ts.
 */
import crypto from 'node:crypto';
import { putArtifact } from './artifact-store';
import { checkedField, restartIfErased } from './erasure-restart';
import { readsCustomers, type RunSnapshot } from './erasure-scope';
import type { JobPorts } from './ports';
import type { JobHandler, JobRun, StepContext } from './types';

/** Work budget of one invocation: well inside the 60 s function limit (saves + answer fit after it). */
export const DEFAULT_BUDGET_MS = 40_000;
/**
 * Lease length: longer than an invocation can live (the 60 s limit kills it), so a lease only
 * expires when its holder is dead — then the next tick resumes from the last checkpoint.
 */
export const DEFAULT_LEASE_MS = 65_000;

/** What one tick did. */
export interface TickResult {
  status: 'idle' | 'busy' | 'progress' | 'retry' | 'succeeded' | 'failed' | 'lost_lease';
  runId?: string;
  phase?: string;
  /** Steps done in this tick. */
  steps: number;
  error?: string;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export { artifactPath } from './artifact-store';

/** The runner over its ports. */
export function createJobRunner(ports: JobPorts) {
  const { db, files } = ports;
  const now = ports.now ?? Date.now;

  async function finish(run: JobRun, leaseId: string, patch: Partial<JobRun>): Promise<void> {
    await db.saveRun(run._id, leaseId, {
      ...patch,
      // A paging position is useless once the run ended, and it may be a customer's id (an
      // openid of a profile walk) that must not outlive their erasure in a kept run document.
      cursor: null,
      finishedAt: now(),
      updatedAt: now(),
      leaseId: null,
      leaseUntil: 0,
    });
    await db.swapSlot(run.kind, run._id, { active: null, lastRun: run._id });
  }

  /**
   * A start that died (or failed) between inserting its run and taking the slot left a run that
   * never became active and never will: no tick works on it, nothing ends it, and the 模型 card
   * would show it running for good. Removed like a run that lost the slot (it did no work) once
   * older than any start can live; the newest runs of the kind are looked at, at each start.
   */
  async function removeStillborn(kind: string, active: string | null, t: number): Promise<void> {
    for (const r of await db.listRuns(kind, 10))
      if (r.status === 'running' && r._id !== active && r.invocations === 0 && r.createdAt < t - DEFAULT_LEASE_MS) await db.removeRun(r._id);
  }

  return {
    /** Open a run of `kind` unless one is active; answers the active run's id either way. */
    async start(
      kind: string,
      o: { requestedBy: string; params?: Record<string, unknown> },
    ): Promise<{ runId: string; created: boolean }> {
      const slot = await db.getSlot(kind);
      if (slot?.active) {
        const active = await db.getRun(slot.active);
        if (active?.status === 'running') return { runId: active._id, created: false };
      }
      const t = now();
      await removeStillborn(kind, slot?.active ?? null, t);
      const id = `${kind}@${stamp(t)}-${crypto.randomBytes(3).toString('hex')}`;
      const run = newJobRun(id, kind, o.requestedBy, o.params ?? {}, t);
      await db.insertRun(run);
      if (!(await db.swapSlot(kind, slot?.active ?? null, { active: run._id }))) {
        // Another start won the slot (overlapping timer calls: WeChat may fire a tick while the
        // last one runs, and re-deliver a failed one). This run never became active and did no
        // work: it is deleted, not kept as a failure — staff would read a refit that never ran as
        // failed, and `runs(kind, 1)` (the newest run, which schedulers read) would hide the winner.
        await db.removeRun(run._id);
        const winner = await db.getSlot(kind);
        return { runId: winner?.active ?? run._id, created: false };
      }
      return { runId: run._id, created: true };
    },

    /** Work on `handler.kind`'s active run for at most `budgetMs`. */
    async tick(handler: JobHandler, o: { budgetMs?: number; leaseMs?: number } = {}): Promise<TickResult> {
      const budget = o.budgetMs ?? DEFAULT_BUDGET_MS;
      const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
      const slot = await db.getSlot(handler.kind);
      if (!slot?.active) return { status: 'idle', steps: 0 };
      const found = await db.getRun(slot.active);
      if (!found || found.status !== 'running') {
        await db.swapSlot(handler.kind, slot.active, {
          active: null,
          ...(found ? { lastRun: found._id } : {}),
        });
        return { status: 'idle', steps: 0 };
      }
      const start = now();
      const leaseId = `${start}-${crypto.randomBytes(4).toString('hex')}`;
      if (!(await db.acquireLease(found._id, start, start + leaseMs, leaseId)))
        return { status: 'busy', runId: found._id, steps: 0 };
      const run: JobRun = { ...found, leaseId, invocations: found.invocations + 1 };
      await db.saveRun(run._id, leaseId, { invocations: run.invocations, updatedAt: start });
      const saveNames = async (artifacts: Record<string, string>) => {
        if (!(await db.saveRun(run._id, leaseId, { artifacts }))) throw new Error('lost the job lease');
      };
      const ctx: StepContext = {
        run,
        timeLeft: () => budget - (now() - start),
        putArtifact: (name, content) => putArtifact(files, { run, saveNames }, name, content),
        async getArtifact(name) {
          const id = run.artifacts[name];
          if (!id) throw new Error(`run ${run._id} has no artifact ${name}`);
          return files.download(id);
        },
      };
      let steps = 0;
      // The longest step of this call, its checkpoint included. A step runs to its end (only its
      // own loops may look at timeLeft), so a step begun just inside the budget ends a step later;
      // under load or at scale that is tens of seconds, and past the function's 60 s limit the
      // call is killed. So another starts only when one as long still ends within the budget.
      let longestMs = 0;
      let stepAt = start;
      const base = { runId: run._id };
      const restartDeps = { db, files, erasures: ports.erasures, now };
      for (;;) {
        const t = now();
        if (steps > 0) longestMs = Math.max(longestMs, t - stepAt);
        stepAt = t;
        if (t - start >= budget || (steps > 0 && t - start + longestMs > budget)) {
          await db.saveRun(run._id, leaseId, { leaseId: null, leaseUntil: 0, ...checkedField(run), updatedAt: now() });
          return { ...base, status: 'progress', phase: run.phase, steps };
        }
        let outcome;
        const stepStart = now();
        const prev: RunSnapshot = { kind: run.kind, phase: run.phase, cursor: run.cursor, state: run.state, artifacts: { ...run.artifacts }, readEndedAt: run.readEndedAt };
        try {
          outcome = await handler.step(ctx);
        } catch (e) {
          // A step that failed because an erasure deleted the files it read (or died after storing
          // one) starts the run over: not a failure of the run's.
          if (await restartIfErased(restartDeps, run, leaseId)) {
            await db.saveRun(run._id, leaseId, { leaseId: null, leaseUntil: 0, updatedAt: now() });
            return { ...base, status: 'progress', phase: run.phase, steps };
          }
          const failures = run.failures + 1;
          const error = {
            message: (e as Error).message?.slice(0, 500) ?? String(e),
            phase: run.phase,
            at: now(),
          };
          if (failures >= (handler.maxFailures ?? 3)) {
            await finish(run, leaseId, { status: 'failed', failures, error });
            return { ...base, status: 'failed', phase: run.phase, steps, error: error.message };
          }
          await db.saveRun(run._id, leaseId, {
            failures,
            error,
            leaseId: null,
            leaseUntil: 0,
            updatedAt: now(),
          });
          return { ...base, status: 'retry', phase: run.phase, steps, error: error.message };
        }
        steps++;
        run.steps++;
        if (outcome.done) {
          await finish(run, leaseId, {
            status: 'succeeded',
            steps: run.steps,
            failures: 0,
            error: null,
            result: outcome.result,
          });
          return { ...base, status: 'succeeded', phase: run.phase, steps };
        }
        if (outcome.phase !== undefined) run.phase = outcome.phase;
        if (outcome.cursor !== undefined) run.cursor = outcome.cursor;
        if (outcome.state !== undefined) run.state = outcome.state;
        run.failures = 0;
        // Each checkpoint renews the lease (a heartbeat): it lapses only when its holder stops.
        const at = now();
        // The step that ended the read of customers' data: an erasure of a customer whose data
        // began after this cannot be in the files (erasure-scope.ts).
        if (readsCustomers(run.kind, prev.phase) && !readsCustomers(run.kind, run.phase)) run.readEndedAt = at;
        const saved = await db.saveRun(run._id, leaseId, {
          phase: run.phase,
          cursor: run.cursor,
          state: run.state,
          steps: run.steps,
          failures: 0,
          ...(typeof run.readEndedAt === 'number' ? { readEndedAt: run.readEndedAt } : {}),
          ...checkedField(run),
          updatedAt: at,
          leaseUntil: at + leaseMs,
        });
        if (!saved) return { ...base, status: 'lost_lease', phase: run.phase, steps };
        await ports.erasures?.checkpointed(run, stepStart);
        // Started over: the rest waits for the next call, so a run that keeps reading an erasure
        // still within the clock slack starts over once a call, not in a loop (erasure-scope.ts).
        const restarted = await restartIfErased(restartDeps, run, leaseId, { prev, stepStart });
        if (outcome.yield || restarted) {
          await db.saveRun(run._id, leaseId, { leaseId: null, leaseUntil: 0, ...checkedField(run), updatedAt: now() });
          return { ...base, status: 'progress', phase: run.phase, steps };
        }
      }
    },

    /** Runs of `kind`, newest first (admin: last refit status). */
    runs: (kind: string, limit = 10) => db.listRuns(kind, limit),
  };
}

/** The job runner API. */
export type JobRunner = ReturnType<typeof createJobRunner>;

/** A run document not started yet (phase `start`, nothing done, no lease), created at `t`. */
export function newJobRun(
  id: string,
  kind: string,
  requestedBy: string,
  params: Record<string, unknown>,
  t: number,
): JobRun {
  return {
    _id: id,
    kind,
    status: 'running',
    requestedBy,
    params,
    phase: 'start',
    cursor: null,
    state: {},
    artifacts: {},
    leaseId: null,
    leaseUntil: 0,
    invocations: 0,
    steps: 0,
    failures: 0,
    createdAt: t,
    updatedAt: t,
    error: null,
  };
}
