import { memoryDb } from '../common/db/testing/memory-sdk';
import { createJobRunner, memoryJobPorts, readScheduleRecord, type JobRunner } from '../common/jobs';
import { createModelStore, memoryModelStorePorts } from '../common/model-store';
import { hostRefits, MIN_TICK_MS } from './host';
import type { RefitEnv, RefitKind } from './types';

let clock = 0;
function setup() {
  clock = Date.parse('2026-12-04T00:00:00Z');
  const sp = memoryModelStorePorts();
  const env: RefitEnv = { db: memoryDb().db, store: createModelStore(sp), files: sp.files, now: () => clock };
  const runner = createJobRunner(memoryJobPorts(() => clock));
  return { env, runner };
}

/** A kind whose run needs `steps` steps of `stepMs` each; schedule answers `due`. */
function kind(name: string, steps: number, stepMs: number, due: boolean | 'throw' | null): RefitKind {
  return {
    kind: `refit:${name}`,
    handler: () => ({
      kind: 'ignored-the-registry-decides',
      async step(ctx) {
        clock += stepMs;
        const n = ((ctx.run.state.n as number) ?? 0) + 1;
        return n >= steps ? { done: true, result: { n } } : { state: { n } };
      },
    }),
    ...(due === null
      ? {}
      : {
          schedule: async () => {
            if (due === 'throw') throw new Error('boom');
            return { start: due, reason: due ? '到期' : '未到期', params: { p: 1 } };
          },
        }),
  };
}

const lastRun = async (runner: JobRunner, k: string) => (await runner.runs(k, 1))[0];

describe('hostRefits', () => {
  it('timer: opens the runs whose schedule is due, records every decision, and ticks them', async () => {
    const { env, runner } = setup();
    const kinds = [kind('a', 2, 1000, true), kind('b', 2, 1000, false), kind('c', 1, 10, null)];
    const r = await hostRefits({ runner, kinds, env, trigger: { by: 'timer' } });
    expect(r.scheduled.map((s) => [s.kind, s.start])).toEqual([
      ['refit:a', true],
      ['refit:b', false],
    ]);
    expect(r.ticks).toEqual([expect.objectContaining({ kind: 'refit:a', status: 'succeeded', steps: 2 })]);
    expect(await lastRun(runner, 'refit:a')).toMatchObject({ requestedBy: 'timer', params: { p: 1 }, result: { n: 2 } });
    expect(await lastRun(runner, 'refit:b')).toBeUndefined();
    expect(await readScheduleRecord(env.db, 'refit:b')).toMatchObject({ start: false, reason: '未到期', at: clock - 2000 });
  });

  it('a schedule that throws is recorded for staff and the other kinds still run', async () => {
    const { env, runner } = setup();
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    const r = await hostRefits({ runner, kinds: [kind('x', 1, 1, 'throw'), kind('a', 1, 1, true)], env, trigger: { by: 'timer' } });
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
    expect(r.scheduled[0]).toMatchObject({ kind: 'refit:x', start: false, reason: expect.stringContaining('boom') });
    expect(r.ticks).toEqual([expect.objectContaining({ kind: 'refit:a', status: 'succeeded' })]);
  });

  it('shares one budget: a run left with less than MIN_TICK_MS waits, least recently worked goes first next time', async () => {
    const { env, runner } = setup();
    const slow = kind('slow', 100, 10_000, true);
    const other = kind('other', 1, 10, true);
    const r1 = await hostRefits({ runner, kinds: [slow, other], env, trigger: { by: 'timer' }, budgetMs: 40_000 });
    // Both runs are equally fresh: slow goes first (creation order) and eats the budget.
    expect(r1.ticks.map((t) => t.kind)).toEqual(['refit:slow']);
    expect(r1.deferred).toEqual(['refit:other']);
    expect(40_000 - 4 * 10_000).toBeLessThan(MIN_TICK_MS);
    clock += 300_000;
    const r2 = await hostRefits({ runner, kinds: [slow, other], env, trigger: { by: 'timer' }, budgetMs: 40_000 });
    expect(r2.ticks[0]).toMatchObject({ kind: 'refit:other', status: 'succeeded' });
    expect(r2.ticks[1]).toMatchObject({ kind: 'refit:slow', status: 'progress' });
    // Running runs are continued, not re-scheduled.
    expect(r2.scheduled).toEqual([]);
  });

  it('staff: works on the requested kind only, without asking schedules', async () => {
    const { env, runner } = setup();
    const a = kind('a', 3, 10, false);
    const b = kind('b', 1, 10, true);
    await runner.start('refit:a', { requestedBy: 'staff:s1' });
    await runner.start('refit:b', { requestedBy: 'staff:s1' });
    const r = await hostRefits({ runner, kinds: [a, b], env, trigger: { by: 'staff', kind: 'refit:a' }, budgetMs: 100 });
    expect(r.scheduled).toEqual([]);
    expect(r.ticks).toEqual([expect.objectContaining({ kind: 'refit:a', status: 'succeeded', steps: 3 })]);
    expect(await lastRun(runner, 'refit:b')).toMatchObject({ status: 'running', steps: 0 });
  });
});
