import {
  decodeNelderMead,
  encodeNelderMead,
  nelderMead,
  nelderMeadAdvance,
  nelderMeadResult,
  nelderMeadStart,
  type NelderMeadState,
} from './nelder-mead';

const rosenbrock = (v: number[]) => (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2 + (v[2] - v[1]) ** 2;
/** Undefined (NaN) outside a region, so some simplex values are Infinity. */
const walled = (v: number[]) => (v[0] > 2 ? NaN : (v[0] - 1.5) ** 2 + (v[1] + 0.5) ** 2);

/** Runs a minimisation one iteration per call, through JSON between calls (a refit's checkpoint). */
function stepped(f: (v: number[]) => number, x0: number[], opts = {}): { s: NelderMeadState; calls: number } {
  let s = decodeNelderMead(encodeNelderMead(nelderMeadStart(f, x0, opts)));
  let calls = 0;
  while (!s.done) {
    s = decodeNelderMead(encodeNelderMead(nelderMeadAdvance(f, s, opts, () => true)));
    calls++;
  }
  return { s, calls };
}

describe('Nelder–Mead, resumable', () => {
  it('finds the minimum of Rosenbrock in three variables', () => {
    const res = nelderMead(rosenbrock, [-1, 2, 0], { maxEvaluations: 20_000 });
    for (const v of res.x) expect(v).toBeCloseTo(1, 3);
  });

  it('stopped after every iteration and resumed from JSON, ends on the same point bit for bit', () => {
    for (const [f, x0] of [
      [rosenbrock, [-1, 2, 0]],
      [walled, [1.9, 1]],
    ] as const) {
      const once = nelderMead(f, [...x0], { maxEvaluations: 3000 });
      const { s, calls } = stepped(f, [...x0], { maxEvaluations: 3000 });
      expect(calls).toBeGreaterThan(20);
      expect(nelderMeadResult(s)).toEqual(once);
    }
  });

  it('keeps Infinity through JSON (a point where f failed)', () => {
    const s = nelderMeadStart(walled, [1.9, 1], { step: 0.5 });
    expect(s.vals).toContain(Infinity);
    const back = decodeNelderMead(encodeNelderMead(s));
    expect(back.vals).toEqual(s.vals);
  });

  it('does not change the state it is given, and refuses an unfinished result', () => {
    const s = nelderMeadStart(rosenbrock, [0, 0, 0]);
    const copy = JSON.stringify(s);
    const next = nelderMeadAdvance(rosenbrock, s, {}, () => true);
    expect(JSON.stringify(s)).toBe(copy);
    expect(next.evals).toBeGreaterThan(s.evals);
    expect(() => nelderMeadResult(next)).toThrow('not finished');
  });
});
