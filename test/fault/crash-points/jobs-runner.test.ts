/**
 * Resumable refits: a job started and ticked by the runner (checkpoint after every step, a
 * checkpoint artifact in cloud storage), crashed at every database request of its first
 * invocations (storage calls fail with a dying process), then the timer's next ticks after the
 * lease lapsed — a start when no run is active, as the schedule does. The run must finish with
 * the exact result (no page lost or counted twice across the crash), its artifact loadable, the
 * slot free, and no run left 'running' for staff to watch forever. Every stored artifact file must
 * be named by a run, also when the crashed run never comes back to the step that stored it (it
 * fails for good): retention then deletes every file the ended run names, and none may be left.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { exploreCrashPoints, type CrashPlan } from '../../../cloudfunctions/common/db/testing/crash-points';
import type { Db } from '../../../cloudfunctions/common/db/wx-db';
import { createJobRunner, DEFAULT_LEASE_MS, type JobRunner } from '../../../cloudfunctions/common/jobs/runner';
import type { JobHandler } from '../../../cloudfunctions/common/jobs/types';
import { wxJobDb } from '../../../cloudfunctions/common/jobs/wx-ports';
import { readKeys } from '../../../cloudfunctions/common/db/stored-keys';
import { memoryModelFiles } from '../../../cloudfunctions/common/model-store/memory-ports';
import { DAY_MS } from '../../../cloudfunctions/common/profile/day';
import { purgeJobRuns } from '../../../cloudfunctions/retention/job-runs';
import { RUN_ARTIFACT_DAYS } from '../../../cloudfunctions/retention/policies';
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

/** Every stored artifact file is named by a run (else retention and erasure never delete it). */
function checkNoUnnamedFiles(w: World): void {
  const named = new Set(w.rows(COLLECTIONS.jobRuns).flatMap((r) => Object.values(readKeys(r.artifacts as Record<string, string> | undefined))));
  const unnamed = [...w.blobs.blobs.keys()].filter((id) => !named.has(id));
  if (unnamed.length) throw new Error(`stored artifact files no run names: ${unnamed.join(', ')}`);
}

async function check(w: World): Promise<void> {
  checkNoUnnamedFiles(w);
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

/** The summing job after a bad deployment: every step throws, so a run ends failed. */
const broken: JobHandler = {
  kind: KIND,
  step: async () => {
    throw new Error('the numbers are unreadable');
  },
};

it('job runner: a run that dies at any crash point and then fails for good leaves no artifact file retention cannot find', async () => {
  const report = await exploreCrashPoints<World>({
    setup,
    run: (w) => timer(w.runner, w.handler, w, 6),
    async recover(w) {
      w.clock.t += DEFAULT_LEASE_MS + 1000;
      // The run never comes back to the step that stored its checkpoint: it fails (three failed
      // ticks), and so does every run the timer opens after it.
      for (let i = 0; i < 8; i++) {
        if (!(await wxJobDb(w.raw).getSlot(KIND))?.active) await w.recoveryRunner.start(KIND, { requestedBy: 'timer' });
        await w.recoveryRunner.tick(broken, { budgetMs: 10_000 });
        w.clock.t += DEFAULT_LEASE_MS + 1000;
      }
      const runs = w.rows(COLLECTIONS.jobRuns);
      if (!runs.some((r) => r.status === 'failed')) throw new Error(`no run failed: ${JSON.stringify(runs.map((r) => r.status))}`);
    },
    // Also without a crash: the run that succeeded is purged a week later, every file with it.
    async check(w) {
      checkNoUnnamedFiles(w);
      // Retention's pass a week later deletes every file an ended run names, stored or not.
      const later = w.clock.t + (RUN_ARTIFACT_DAYS + 1) * DAY_MS;
      await purgeJobRuns({ db: w.raw, files: w.blobs, now: () => later, deadline: later + 60_000 });
      const left = [...w.blobs.blobs.keys()];
      if (left.length) throw new Error(`artifact files left after retention: ${left.join(', ')}`);
    },
  });
  expect(report.requests).toBeGreaterThan(20);
});
