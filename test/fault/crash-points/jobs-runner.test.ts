/**
 * Resumable refits: a job started and ticked by the runner (checkpoint after every step, a
 * checkpoint artifact in cloud storage), crashed at every database request of its first
 * invocations (storage calls fail with a dying process), then the timer's next ticks after the
 * lease lapsed — a start when no run is active, as the schedule does. The run must finish with
 * the exact result (no page lost or counted twice across the crash), its artifact loadable, the
 * slot free, and no run left 'running' for staff to watch forever.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { exploreCrashPoints, type CrashPlan } from '../../../cloudfunctions/common/db/testing/crash-points';
import type { Db } from '../../../cloudfunctions/common/db/wx-db';
import { createJobRunner, DEFAULT_LEASE_MS, type JobRunner } from '../../../cloudfunctions/common/jobs/runner';
import type { JobHandler } from '../../../cloudfunctions/common/jobs/types';
import { wxJobDb } from '../../../cloudfunctions/common/jobs/wx-ports';
import { memoryModelFiles } from '../../../cloudfunctions/common/model-store/memory-ports';
import { crashWorld, NOW } from './world';

const KIND = 'refit:sum';
const VALUES = [3, 5, 7, 11, 13];
const SUM = VALUES.reduce((a, b) => a + b, 0);

/** Sums `numbers` two a step (cursor = last _id, partial sum in state), then checkpoints the total as an artifact and finishes from it. */
function summing(db: Db): JobHandler {
  return {
    kind: KIND,
    async step(ctx) {
      const state = ctx.run.state as { sum?: number };
      if (ctx.run.phase === 'start' || ctx.run.phase === 'read') {
        const { docs, last } = await db.keysetPage('numbers', {}, { after: (ctx.run.cursor as string | null) ?? undefined, limit: 2 });
        const sum = (state.sum ?? 0) + docs.reduce((a, d) => a + Number(d.n), 0);
        const cursor = docs.length ? docs[docs.length - 1]._id : ctx.run.cursor;
        return { phase: last ? 'fold' : 'read', cursor, state: { sum }, yield: true };
      }
      if (ctx.run.phase === 'fold') {
        await ctx.putArtifact('total.json', Buffer.from(JSON.stringify({ sum: state.sum })));
        return { phase: 'finish' };
      }
      const { sum } = JSON.parse((await ctx.getArtifact('total.json')).toString('utf8')) as { sum: number };
      return { done: true, result: { sum } };
    },
  };
}

async function setup(plan: CrashPlan) {
  const w = crashWorld(plan);
  await w.raw.insert('numbers', VALUES.map((n, i) => ({ _id: `n${i}`, n })));
  const blobs = memoryModelFiles();
  const dying = {
    ...blobs,
    upload: async (p: string, c: Buffer) => (plan.alive() ? blobs.upload(p, c) : Promise.reject(new Error('the process died'))),
    download: async (id: string) => (plan.alive() ? blobs.download(id) : Promise.reject(new Error('the process died'))),
  };
  const clock = { t: NOW };
  const runnerOn = (db: Db, files: typeof blobs): JobRunner => createJobRunner({ db: wxJobDb(db), files, now: () => clock.t });
  return { ...w, blobs, clock, runner: runnerOn(w.db, dying), handler: summing(w.db), recoveryRunner: runnerOn(w.raw, blobs), recoveryHandler: summing(w.raw) };
}
type World = Awaited<ReturnType<typeof setup>>;

/** The timer: start when nothing is active, then tick; each call a lease later than the last. */
async function timer(runner: JobRunner, handler: JobHandler, w: World, calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const newest = (await runner.runs(KIND, 1))[0];
    if (newest?.status === 'succeeded') return;
    const slot = await wxJobDb(w.raw).getSlot(KIND);
    if (!slot?.active) await runner.start(KIND, { requestedBy: 'timer' });
    await runner.tick(handler, { budgetMs: 10_000 });
    w.clock.t += DEFAULT_LEASE_MS + 1000;
  }
}

async function check(w: World): Promise<void> {
  const runs = w.rows(COLLECTIONS.jobRuns);
  const running = runs.filter((r) => r.status === 'running');
  if (running.length) throw new Error(`runs left 'running': ${JSON.stringify(running.map((r) => ({ id: r._id, phase: r.phase, invocations: r.invocations })))}`);
  const done = runs.filter((r) => r.status === 'succeeded');
  if (done.length !== 1 || done[0].result?.sum !== SUM) throw new Error(`succeeded runs ${JSON.stringify(done.map((r) => r.result))}, want one with sum ${SUM}`);
  const file = Object.values(done[0].artifacts as Record<string, string>)[0];
  if (!file || !w.blobs.blobs.has(file)) throw new Error(`the run's checkpoint artifact is not in storage: ${file}`);
  if ((await wxJobDb(w.raw).getSlot(KIND))?.active) throw new Error('the slot still names an active run');
}

// Hundreds of crash points, pairs included: seconds on a quiet machine, minutes under CI's load.
jest.setTimeout(600_000);

it('job runner: every crash point of start and ticks, then the timer, finishes the run once with the exact result', async () => {
  const report = await exploreCrashPoints<World>({
    setup,
    run: (w) => timer(w.runner, w.handler, w, 6),
    async recover(w) {
      w.clock.t += DEFAULT_LEASE_MS + 1000; // the timer's next call comes minutes later
      await timer(w.recoveryRunner, w.recoveryHandler, w, 12);
      // The timer keeps calling: a slot still naming the ended run is let go at the next tick.
      await w.recoveryRunner.tick(w.recoveryHandler, { budgetMs: 10_000 });
    },
    check,
    pairs: true,
  });
  expect(report.requests).toBeGreaterThan(20);
});
