import { memoryJobPorts } from './memory-ports';
import { artifactPath, createJobRunner, newJobRun } from './runner';
import type { JobHandler } from './types';

/** Sums 1..n a page of 10 at a time; each step "costs" `stepMs` of clock. */
function summer(
  n: number,
  clock: { t: number },
  stepMs = 1000,
  failAt?: Set<number>,
): JobHandler & { calls: number } {
  const h = {
    kind: 'sum',
    calls: 0,
    async step(ctx: Parameters<JobHandler['step']>[0]) {
      h.calls++;
      clock.t += stepMs;
      const from = (ctx.run.cursor as number | null) ?? 0;
      if (failAt?.has(from)) {
        failAt.delete(from);
        throw new Error(`boom at ${from}`);
      }
      if (from >= n) return { done: true as const, result: { sum: ctx.run.state.sum ?? 0 } };
      let sum = (ctx.run.state.sum as number | undefined) ?? 0;
      for (let i = from + 1; i <= Math.min(n, from + 10); i++) sum += i;
      return { phase: 'summing', cursor: Math.min(n, from + 10), state: { sum } };
    },
  };
  return h;
}

function setup() {
  const clock = { t: 1_000_000 };
  const ports = memoryJobPorts(() => clock.t);
  return { clock, ports, runner: createJobRunner(ports) };
}

describe('job runner', () => {
  it('is idle without a run, and keeps one active run per kind', async () => {
    const { clock, runner } = setup();
    expect((await runner.tick(summer(10, clock))).status).toBe('idle');
    const a = await runner.start('sum', { requestedBy: 'timer' });
    const b = await runner.start('sum', { requestedBy: 'staff:o1' });
    expect(a.created).toBe(true);
    expect(b).toEqual({ runId: a.runId, created: false });
  });

  it('two starts at once (overlapping timer calls) leave one run: the loser is deleted, not shown as failed', async () => {
    const { clock, runner } = setup();
    const [a, b] = await Promise.all([
      runner.start('sum', { requestedBy: 'timer' }),
      runner.start('sum', { requestedBy: 'timer' }),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.runId).toBe(b.runId);
    const runs = await runner.runs('sum');
    expect(runs.map((r) => [r._id, r.status])).toEqual([[a.runId, 'running']]);
    // The newest run is the active one, so schedulers that read runs(kind, 1) keep ticking it.
    expect((await runner.tick(summer(10, clock))).status).toBe('succeeded');
  });

  it('works within the budget, checkpoints, and resumes on the next tick to the exact result', async () => {
    const { clock, runner } = setup();
    const h = summer(1000, clock);
    await runner.start('sum', { requestedBy: 'timer', params: { window: 'w' } });
    const first = await runner.tick(h, { budgetMs: 40_000 });
    expect(first).toMatchObject({ status: 'progress', steps: 40, phase: 'summing' });
    let last = first;
    for (let i = 0; i < 5 && last.status !== 'succeeded'; i++)
      last = await runner.tick(h, { budgetMs: 40_000 });
    expect(last.status).toBe('succeeded');
    const [run] = await runner.runs('sum');
    expect(run).toMatchObject({
      status: 'succeeded',
      result: { sum: 500_500 },
      steps: 101,
      invocations: 3,
      leaseId: null,
      params: { window: 'w' },
    });
    expect((await runner.tick(h)).status).toBe('idle');
    expect((await runner.start('sum', { requestedBy: 'timer' })).created).toBe(true); // a new run after the last finished
  });

  it('starts a step only when one as long as the longest of this call still ends within the budget', async () => {
    // Steps that take 15 s (a loaded machine, or a big shop): a call with 40 s may not start a
    // third at 30 s, which would end at 45 s, past the budget and near the function's 60 s limit.
    const { clock, runner } = setup();
    await runner.start('sum', { requestedBy: 'timer' });
    const t0 = clock.t;
    expect(await runner.tick(summer(1000, clock, 15_000), { budgetMs: 40_000 })).toMatchObject({ status: 'progress', steps: 2 });
    expect(clock.t - t0).toBe(30_000);
    // The first step of a call always runs (the run must move), however small the budget.
    const t1 = clock.t;
    expect(await runner.tick(summer(1000, clock, 15_000), { budgetMs: 10_000 })).toMatchObject({ status: 'progress', steps: 1 });
    expect(clock.t - t1).toBe(15_000);
  });

  it('refuses a second tick while the lease is held, and resumes after a crash once the lease expires', async () => {
    const { clock, ports, runner } = setup();
    const { runId } = await runner.start('sum', { requestedBy: 'timer' });
    // a tick that "crashes": takes the lease, saves 3 steps, then its process dies
    const crashed = summer(1000, clock);
    await ports.db.acquireLease(runId, clock.t, clock.t + 65_000, 'dead');
    expect((await runner.tick(crashed)).status).toBe('busy');
    await ports.db.saveRun(runId, 'dead', { cursor: 30, state: { sum: 465 }, steps: 3 });
    clock.t += 65_001;
    let r;
    do r = await runner.tick(summer(1000, clock), { budgetMs: 200_000 });
    while (r.status === 'progress');
    expect(r.status).toBe('succeeded');
    expect((await ports.db.getRun(runId))?.result).toEqual({ sum: 500_500 });
  });

  it('a tick whose lease was taken over stops without writing', async () => {
    const { clock, ports, runner } = setup();
    const { runId } = await runner.start('sum', { requestedBy: 'timer' });
    const h = summer(1000, clock);
    const orig = h.step;
    h.step = async (ctx) => {
      const out = await orig(ctx);
      ports.db.runs.set(runId, { ...ports.db.runs.get(runId)!, leaseId: 'thief' });
      return out;
    };
    expect(await runner.tick(h)).toMatchObject({ status: 'lost_lease', steps: 1 });
    expect(ports.db.runs.get(runId)?.cursor).toBeNull();
  });

  it('retries a failing step on the next tick and fails the run after maxFailures in a row', async () => {
    const { clock, runner } = setup();
    await runner.start('sum', { requestedBy: 'timer' });
    const flaky = summer(30, clock, 1000, new Set([10]));
    expect(await runner.tick(flaky)).toMatchObject({ status: 'retry', steps: 1, error: 'boom at 10' });
    let r;
    do r = await runner.tick(flaky);
    while (r.status === 'progress');
    expect(r.status).toBe('succeeded');

    await runner.start('sum', { requestedBy: 'timer' });
    const broken: JobHandler = {
      kind: 'sum',
      maxFailures: 2,
      step: async () => Promise.reject(new Error('always')),
    };
    expect((await runner.tick(broken)).status).toBe('retry');
    expect(await runner.tick(broken)).toMatchObject({ status: 'failed', error: 'always' });
    const [run] = await runner.runs('sum');
    expect(run).toMatchObject({ status: 'failed', error: { message: 'always', phase: 'start' } });
    expect((await runner.tick(broken)).status).toBe('idle');
  });

  it('keeps larger intermediates in cloud storage across invocations', async () => {
    const { clock, runner } = setup();
    await runner.start('sum', { requestedBy: 'timer' });
    const h: JobHandler = {
      kind: 'sum',
      async step(ctx) {
        clock.t += 30_000;
        if (ctx.run.phase === 'start') {
          await ctx.putArtifact('sample.json', Buffer.from(JSON.stringify([1, 2, 3])));
          return { phase: 'fit' };
        }
        const sample = JSON.parse((await ctx.getArtifact('sample.json')).toString()) as number[];
        return { done: true, result: { n: sample.length } };
      },
    };
    expect((await runner.tick(h, { budgetMs: 20_000 })).status).toBe('progress');
    expect((await runner.tick(h, { budgetMs: 20_000 })).status).toBe('succeeded');
    expect((await runner.runs('sum'))[0].result).toEqual({ n: 3 });
  });

  it('names an artifact in the run before storing it, so a failed upload leaves a name, never an unnamed file', async () => {
    const { ports, runner } = setup();
    const { runId } = await runner.start('sum', { requestedBy: 'timer' });
    const upload = ports.files.upload;
    ports.files.upload = async () => {
      throw new Error('the process died');
    };
    const h: JobHandler = {
      kind: 'sum',
      async step(ctx) {
        await ctx.putArtifact('histories-0.json', Buffer.from('[]'));
        return { done: true, result: {} };
      },
    };
    expect((await runner.tick(h)).status).toBe('retry');
    const id = await ports.files.idOf(artifactPath(runId, 'histories-0.json'));
    expect(ports.db.runs.get(runId)?.artifacts).toEqual({ 'histories-0.json': id });
    // The retried step stores it under a new path (common/jobs/artifact-store.ts): the name moves
    // there once it is stored, and the first path stays named (under `~first`) though never stored.
    ports.files.upload = upload;
    expect((await runner.tick(h)).status).toBe('succeeded');
    const names = ports.db.runs.get(runId)!.artifacts;
    expect(names['histories-0.json']).not.toBe(id);
    expect(names['histories-0.json~first']).toBe(id);
    expect(Object.values(names).filter((v) => v === names['histories-0.json'])).toHaveLength(2);
    expect((await ports.files.download(names['histories-0.json'])).toString()).toBe('[]');
  });

  it('a step that yields is checkpointed and ends the tick; the next tick continues after it', async () => {
    const { clock, runner } = setup();
    let calls = 0;
    const h: JobHandler = {
      kind: 'yielder',
      async step(ctx) {
        calls++;
        clock.t += 10;
        if (ctx.run.phase === 'start') return { phase: 'heavy', yield: true };
        return { done: true, result: { ranAfter: ctx.run.phase } };
      },
    };
    await runner.start('yielder', { requestedBy: 'timer' });
    expect(await runner.tick(h, { budgetMs: 40_000 })).toMatchObject({
      status: 'progress',
      phase: 'heavy',
      steps: 1,
    });
    expect(calls).toBe(1);
    expect(await runner.tick(h, { budgetMs: 40_000 })).toMatchObject({ status: 'succeeded', steps: 1 });
    expect((await runner.runs('yielder', 1))[0]).toMatchObject({
      status: 'succeeded',
      result: { ranAfter: 'heavy' },
      leaseId: null,
    });
  });

  it('removes a run whose start died before taking the slot, once older than a lease; a younger one may be a start mid-way', async () => {
    const { clock, ports, runner } = setup();
    await ports.db.insertRun(newJobRun('sum@dead', 'sum', 'timer', {}, clock.t - 70_000));
    await ports.db.insertRun(newJobRun('sum@young', 'sum', 'timer', {}, clock.t - 1_000));
    const { runId, created } = await runner.start('sum', { requestedBy: 'timer' });
    expect(created).toBe(true);
    expect([...ports.db.runs.keys()].sort()).toEqual([runId, 'sum@young'].sort());
  });
});
