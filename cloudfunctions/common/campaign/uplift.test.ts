import { upliftCI } from './uplift';

describe('upliftCI', () => {
  it('matches a hand-computed example', () => {
    // p1 = 0.2 (n=500), p2 = 0.1 (n=100): se = sqrt(.16/500 + .09/100) = 0.034928
    const u = upliftCI({ conversions: 100, size: 500 }, { conversions: 10, size: 100 });
    expect(u.uplift).toBeCloseTo(0.1, 10);
    expect(u.ciLow).toBeCloseTo(0.1 - 1.96 * 0.0349285, 4);
    expect(u.ciHigh).toBeCloseTo(0.1 + 1.96 * 0.0349285, 4);
    expect(u.reliable).toBe(true);
  });
  it('has no estimate for an empty group and flags small ones', () => {
    expect(upliftCI({ conversions: 1, size: 10 }, { conversions: 0, size: 0 }).uplift).toBeNull();
    expect(upliftCI({ conversions: 1, size: 10 }, { conversions: 0, size: 5 }).reliable).toBe(false);
  });
  it('covers the true difference about 95% of the time', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const draw = (p: number, n: number): number =>
        Array.from({ length: n }, rnd).filter((x) => x < p).length;
      const u = upliftCI(
        { conversions: draw(0.3, 400), size: 400 },
        { conversions: draw(0.2, 400), size: 400 },
      );
      if (u.ciLow! <= 0.1 && 0.1 <= u.ciHigh!) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });
});
