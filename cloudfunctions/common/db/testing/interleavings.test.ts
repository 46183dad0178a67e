import { exploreInterleavings, type Gate } from './interleavings';

/** An operation of `n` gated steps, appending `name` at each to the world's log. */
const steps = (name: string, n: number) => async (log: string[], gate: Gate) => {
  for (let i = 0; i < n; i++) {
    await gate(`${name}${i}`);
    log.push(`${name}${i}`);
  }
  return name;
};

it('runs every order of two operations once: C(5, 2) = 10 for 2 and 3 steps', async () => {
  const seen = new Set<string>();
  const report = await exploreInterleavings<string[]>({
    setup: async () => [],
    ops: [steps('a', 2), steps('b', 3)],
    check: async (log, outcomes) => {
      expect(outcomes).toEqual([{ ok: true, value: 'a' }, { ok: true, value: 'b' }]);
      seen.add(log.join(' '));
    },
  });
  expect(report).toEqual({ schedules: 10, maxSteps: 5 });
  expect(seen.size).toBe(10);
  expect(seen).toContain('b0 b1 b2 a0 a1');
  expect(seen).toContain('a0 b0 a1 b1 b2');
});

it('orders requests an operation has in flight together, and names the schedule an invariant fails in', async () => {
  const both = async (log: string[], gate: Gate) => {
    await Promise.all(['x', 'y'].map(async (k) => (await gate(k), log.push(k))));
  };
  await expect(
    exploreInterleavings<string[]>({
      setup: async () => [],
      ops: [both, steps('b', 1)],
      check: async (log) => {
        if (log.join('') === 'yxb0') throw new Error('y before x');
      },
    }),
  ).rejects.toThrow('schedule 0:y → 0:x → 1:b0: y before x');
});

it('waits for a gated request’s answer over real I/O before the next choice, so every order is still run once', async () => {
  // Each request answers after a timer, as the real SDK's HTTP round trip does: without waiting for
  // it, the other operation's request would always be let go first and orders would be missed.
  const slow = (name: string) => async (log: string[], gate: Gate) => {
    for (let i = 0; i < 2; i++) {
      await gate(`${name}${i}`);
      const answer = new Promise<void>((r) => setTimeout(r, 5));
      gate.track?.(answer);
      await answer;
      log.push(`${name}${i}`);
    }
  };
  const seen = new Set<string>();
  const report = await exploreInterleavings<string[]>({
    setup: async () => [],
    ops: [slow('a'), slow('b')],
    check: async (log) => void seen.add(log.join(' ')),
  });
  expect(report.schedules).toBe(6);
  expect(seen).toEqual(new Set(['a0 a1 b0 b1', 'a0 b0 a1 b1', 'a0 b0 b1 a1', 'b0 a0 a1 b1', 'b0 a0 b1 a1', 'b0 b1 a0 a1']));
});
