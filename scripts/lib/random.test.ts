import fc from 'fast-check';
import { hash32, mulberry32, permutation, sampleIndices, shuffle } from './random';

describe('seeded randomness', () => {
  it('mulberry32 is reproducible and uniform-ish in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.02);
  });

  it('shuffle and permutation keep every element exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (xs, seed) => {
        const out = shuffle([...xs], mulberry32(seed));
        expect([...out].sort()).toEqual([...xs].sort());
      }),
    );
    const p = permutation(100, mulberry32(1));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(new Set(sampleIndices(100, 10, mulberry32(2))).size).toBe(10);
  });

  it('hash32 is stable per key and seed', () => {
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc', 1)).not.toBe(hash32('abc'));
  });
});
