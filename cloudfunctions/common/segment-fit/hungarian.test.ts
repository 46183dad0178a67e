import fc from 'fast-check';
import { hungarian } from './hungarian';

function brute(cost: number[][]): number {
  const cols = cost[0].length;
  let best = Infinity;
  const go = (i: number, used: Set<number>, acc: number) => {
    if (i === cost.length) return void (best = Math.min(best, acc));
    for (let j = 0; j < cols; j++) if (!used.has(j)) go(i + 1, new Set([...used, j]), acc + cost[i][j]);
  };
  go(0, new Set(), 0);
  return best;
}

describe('hungarian', () => {
  it('solves a known 3×3 case', () => {
    expect(hungarian([[4, 1, 3], [2, 0, 5], [3, 2, 2]])).toEqual([1, 0, 2]);
  });

  it('handles more columns than rows and more rows than columns', () => {
    expect(hungarian([[5, 1, 9]])).toEqual([1]);
    expect(hungarian([[5], [1], [9]])).toEqual([-1, 0, -1]);
  });

  it('matches brute force on random square and wide matrices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 35, maxLength: 35 }), (r, extra, vals) => {
        const c = r + extra;
        const cost = Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => vals[(i * c + j) % vals.length]));
        const asg = hungarian(cost);
        expect(new Set(asg).size).toBe(r);
        expect(asg.reduce((s, j, i) => s + cost[i][j], 0)).toBe(brute(cost));
      }),
    );
  });
});
