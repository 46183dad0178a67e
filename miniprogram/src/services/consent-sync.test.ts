import { retryDelayMs, syncConsent, type ConsentSyncDeps } from './consent-sync';

function deps(answers: Array<'fail' | { current: boolean; grantedAt?: number }>) {
  const state = {
    paused: false,
    resumed: 0,
    forgotten: 0,
    asked: 0,
    timers: [] as Array<{ fn: () => void; ms: number }>,
    logs: [] as string[],
  };
  const d: ConsentSyncDeps = {
    tracker: {
      consentState: { version: '1', granted: true, at: 1, serverMark: '100' } as never,
      pause: () => void (state.paused = true),
      resume: () => {
        state.paused = false;
        state.resumed++;
      },
      forgetConsent: () => void state.forgotten++,
    },
    getConsent: async () => {
      const a = answers.shift();
      if (a === 'fail' || a === undefined) throw new Error('network down');
      return a;
    },
    forgetQueueOwner: () => undefined,
    askAgain: () => void state.asked++,
    later: (fn, ms) => void state.timers.push({ fn, ms }),
    log: (msg) => void state.logs.push(msg),
  };
  return { d, state };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('consent sync at launch', () => {
  it('never resumes sending on an unknown consent state; retries with backoff until it knows', async () => {
    const { d, state } = deps(['fail', 'fail', { current: true, grantedAt: 100 }]);
    expect(await syncConsent(d)).toBe('unknown');
    expect(state).toMatchObject({ paused: true, resumed: 0 });
    expect(state.logs[0]).toMatch(/consent check failed/);
    expect(state.timers.map((t) => t.ms)).toEqual([5_000]);
    state.timers[0].fn();
    await flush();
    expect(state).toMatchObject({ paused: true, resumed: 0 });
    expect(state.timers.map((t) => t.ms)).toEqual([5_000, 10_000]);
    state.timers[1].fn();
    await flush();
    expect(state).toMatchObject({ paused: false, resumed: 1, forgotten: 0 });
  });

  it('a retry that finds another record forgets the queue and asks again', async () => {
    const { d, state } = deps(['fail', { current: true, grantedAt: 999 }]);
    expect(await syncConsent(d)).toBe('unknown');
    state.timers[0].fn();
    await flush();
    expect(state).toMatchObject({ paused: true, resumed: 0, forgotten: 1, asked: 1 });
  });

  it('resumes at once when the server holds this consent', async () => {
    const { d, state } = deps([{ current: true, grantedAt: 100 }]);
    expect(await syncConsent(d)).toBe('in-sync');
    expect(state.resumed).toBe(1);
    expect(retryDelayMs(20)).toBe(300_000);
  });
});
