import fc from 'fast-check';
import { psi, psiLevel, toShares } from './psi';

describe('psi', () => {
  it('is 0 for identical distributions, counts or shares alike', () => {
    expect(psi({ 1: 10, 2: 30 }, { 1: 1, 2: 3 })).toBeCloseTo(0, 12);
  });

  it('matches a hand computation', () => {
    const expected = (0.6 - 0.5) * Math.log(0.6 / 0.5) + (0.4 - 0.5) * Math.log(0.4 / 0.5);
    expect(psi({ a: 50, b: 50 }, { a: 60, b: 40 })).toBeCloseTo(expected, 12);
  });

  it('counts new and vanished segments through the floor', () => {
    const v = psi({ a: 1 }, { b: 1 });
    expect(v).toBeGreaterThan(10);
    expect(psiLevel(v)).toBe('large');
  });

  it('is non-negative and symmetric', () => {
    const dist = fc.dictionary(fc.constantFrom('1', '2', '3', '4'), fc.integer({ min: 1, max: 1000 }), { minKeys: 1 });
    fc.assert(
      fc.property(dist, dist, (a, b) => {
        const x = psi(a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeCloseTo(psi(b, a), 9);
      }),
    );
  });

  it('shares sum to one and levels follow the usual cut-offs', () => {
    const s = toShares({ a: 1, b: 3 });
    expect(s.a + s.b).toBeCloseTo(1);
    expect(toShares({})).toEqual({});
    expect([psiLevel(0.05), psiLevel(0.2), psiLevel(0.3)]).toEqual(['stable', 'moderate', 'large']);
  });
});
