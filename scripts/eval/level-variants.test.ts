import { GROUPS, levelVariants, VARIANTS } from './level-variants';

// Six customers: two one-time buyers (group 0), three light repeaters, one heavy buyer (7+).
const group = [0, 0, 1, 1, 2, GROUPS - 1];
const L = [0.2, 0.3, 0.6, 0.5, 1.2, 6];
const bg = [0.25, 0.25, 0.5, 0.5, 1, 5];
// The hybrid is BG/NBD's for one-time buyers and Pareto/NBD's (here higher) for repeaters.
const hybrid = [0.25, 0.25, 0.6, 0.7, 1.1, 5.5];
const sum = (v: readonly number[]) => v.reduce((s, e) => s + e, 0);
const F = sum(hybrid) / sum(bg);
const v = levelVariants(L, bg, hybrid, group);

describe('ways of applying the hybrid level', () => {
  it('has one prediction per customer in every variant', () => {
    for (const k of VARIANTS) expect(v[k]).toHaveLength(L.length);
  });

  it('shipped multiplies everyone by Σ hybrid ÷ Σ BG/NBD; none leaves L', () => {
    v.shipped.forEach((p, i) => expect(p).toBeCloseTo(L[i] * F, 12));
    expect(v.none).toEqual(L);
  });

  it('per-group gives one-time buyers BG/NBD’s level and each repeater group its own hybrid ratio', () => {
    expect(v['per-group'].slice(0, 2)).toEqual(L.slice(0, 2));
    expect(v['per-group'][2]).toBeCloseTo(0.6 * (1.3 / 1), 12);
    expect(v['per-group'][3]).toBeCloseTo(0.5 * (1.3 / 1), 12);
    expect(v['per-group'][4]).toBeCloseTo(1.2 * 1.1, 12);
    expect(v['per-group'][5]).toBeCloseTo(6 * 1.1, 12);
  });

  it('on-learned hits the hybrid’s total with the learned model’s shape', () => {
    expect(sum(v['on-learned'])).toBeCloseTo(sum(hybrid), 12);
    const r = v['on-learned'][0] / L[0];
    v['on-learned'].forEach((p, i) => expect(p / L[i]).toBeCloseTo(r, 12));
  });

  it('x0-only levels the one-time buyers alone', () => {
    expect(v['x0-only'].slice(0, 2)).toEqual([0.2 * F, 0.3 * F]);
    expect(v['x0-only'].slice(2)).toEqual(L.slice(2));
  });

  it('x0-bg-level gives one-time buyers BG/NBD’s group total and keeps the trees’ order among them', () => {
    expect(sum(v['x0-bg-level'].slice(0, 2))).toBeCloseTo(0.5 * F, 12);
    expect(v['x0-bg-level'][0] / v['x0-bg-level'][1]).toBeCloseTo(0.2 / 0.3, 12);
    expect(v['x0-bg-level'].slice(2)).toEqual(v.shipped.slice(2));
  });

  it('x0-uncorrected gives one-time buyers BG/NBD at the level, repeaters the shipped model', () => {
    expect(v['x0-uncorrected'].slice(0, 2)).toEqual([0.25 * F, 0.25 * F]);
    expect(v['x0-uncorrected'].slice(2)).toEqual(v.shipped.slice(2));
  });
});
