import fc from 'fast-check';
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
  expect(report).toEqual({ schedules: 10, maxSteps: 5, pruned: 0 });
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

describe('the reduced walk (sleep sets)', () => {
  /** One action of a small program over a store of three keys. */
  type Action =
    | { k: 'read' | 'write' | 'peek' | 'poke'; key: string }
    | { k: 'clock' }
    | { k: 'both'; keys: [string, string] };
  interface Toy {
    store: Record<string, string>;
    regs: string[];
  }
  const key = fc.constantFrom('a', 'b', 'c');
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ k: fc.constantFrom('read', 'write', 'peek', 'poke'), key }) as fc.Arbitrary<Action>,
    fc.constant({ k: 'clock' } as const),
    fc.record({ k: fc.constant('both' as const), keys: fc.tuple(key, key) }),
  );
  // Two programs of up to four actions, or three of up to two (at most 70 and 90 orders).
  const programs = fc.oneof(
    fc.array(fc.array(action, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 2 }),
    fc.array(fc.array(action, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
  );

  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  /** How many orders keep each operation's own requests in order: (Σg)! / Π g!. */
  const orders = (g: number[]): number => g.reduce((n, x) => n / factorial(x), factorial(g.reduce((a, b) => a + b, 0)));
  let clock = 0;
  /**
   * Runs program `p` as operation `i`: read/write are gated requests, peek/poke ungated ones (told
   * through `touch`), clock reads Date.now, both sends two gated reads at once. Whatever it reads
   * goes into its register, and each write stores who wrote it after reading what.
   */
  const run = (p: Action[], i: number) => async (w: Toy, gate: Gate) => {
    const read = (k: string) => (w.regs[i] += `${k}=${w.store[k]};`);
    for (const [n, a] of p.entries()) {
      if (a.k === 'read') await gate(`r${a.key}`, { on: a.key, write: false }).then(() => read(a.key));
      else if (a.k === 'write') await gate(`w${a.key}`, { on: a.key, write: true }).then(() => void (w.store[a.key] = `${i}.${n}(${w.regs[i]})`));
      else if (a.k === 'peek') {
        gate.touch?.({ on: a.key, write: false });
        read(a.key);
      } else if (a.k === 'poke') {
        gate.touch?.({ on: a.key, write: true });
        w.store[a.key] = `${i}.${n}!(${w.regs[i]})`;
      }
      else if (a.k === 'clock') w.regs[i] += `t${Date.now()};`;
      else if (a.k === 'both') await Promise.all(a.keys.map((k) => gate(`r${k}`, { on: k, write: false }).then(() => read(k))));
    }
    return w.regs[i];
  };
  /** The final states an exploration of `programs` reaches, and its report. */
  const finals = async (ps: Action[][], reduce: boolean) => {
    const seen = new Set<string>();
    const report = await exploreInterleavings<Toy>({
      reduce,
      setup: async () => ((clock = 0), { store: { a: '', b: '', c: '' }, regs: ps.map(() => '') }),
      ops: ps.map(run),
      check: async (w, outcomes) => void seen.add(JSON.stringify([w.store, outcomes])),
    });
    return { seen, report };
  };
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => clock++));
  afterEach(() => jest.restoreAllMocks());

  it('reaches exactly the final states of the full walk, on random small programs of reads, writes and clock reads', async () => {
    await fc.assert(
      fc.asyncProperty(programs, async (ps) => {
        const full = await finals(ps, false);
        // The full walk runs every order: the multinomial of the gated requests, each pair sent at once both ways.
        const gated = ps.map((p) => p.reduce((n, a) => n + (a.k === 'read' || a.k === 'write' ? 1 : a.k === 'both' ? 2 : 0), 0));
        const pairs = ps.flat().filter((a) => a.k === 'both').length;
        expect(full.report.schedules).toBe(orders(gated) * 2 ** pairs);
        const reduced = await finals(ps, true);
        expect([...reduced.seen].sort()).toEqual([...full.seen].sort());
        expect(reduced.report.schedules).toBeLessThanOrEqual(full.report.schedules);
      }),
      { numRuns: 100 },
    );
  }, 600_000);

  it('runs one order of steps that all commute, and every order of steps that do not', async () => {
    const reads = [{ k: 'read', key: 'a' }, { k: 'read', key: 'b' }, { k: 'read', key: 'a' }] as Action[];
    expect((await finals([reads, reads], false)).report.schedules).toBe(20);
    expect((await finals([reads, reads], true)).report).toMatchObject({ schedules: 1, maxSteps: 6 });
    // Each reads the clock after its reads: the order of those reads matters again.
    const timed = [...reads, { k: 'clock' }] as Action[];
    expect((await finals([timed, timed], true)).seen.size).toBe(2);
    const writes = reads.map(() => ({ k: 'write', key: 'a' })) as Action[];
    expect((await finals([writes, writes], true)).report.schedules).toBe(20);
    // Writes of different keys commute: a then b against b then a.
    const ab = [{ k: 'write', key: 'a' }, { k: 'write', key: 'b' }] as Action[];
    expect((await finals([ab, ab.slice().reverse()], true)).report.schedules).toBeLessThan(6);
  });
});
