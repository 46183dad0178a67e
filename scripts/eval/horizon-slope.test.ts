import { GROUPS } from './level-variants';
import { shortHorizon, slopeFactor, slopeVariants, SLOPE_VARIANTS } from './horizon-slope';

// Five customers: two one-time buyers whose correction fades with the horizon (LB < LA), two light
// repeaters and one heavy buyer whose correction grows (LB > LA).
const group = [0, 0, 1, 1, GROUPS - 1];
const LB = [0.2, 0.25, 0.6, 0.5, 6];
const LA = [0.22, 0.25, 0.5, 0.55, 5];
const F = 1.05;

describe('extending the correction from two training horizons', () => {
  it('takes half the training horizon and extends by the ratio of the log steps', () => {
    expect(shortHorizon(62)).toBe(31);
    expect(shortHorizon(51)).toBe(26);
    expect(shortHorizon(1)).toBe(1);
    expect(slopeFactor(107, 62, 31)).toBeCloseTo(Math.log(107 / 62) / Math.log(2), 12);
    expect(slopeFactor(136, 51, 26)).toBeCloseTo(1.456, 3);
    // h′ = h: nothing to extend; h′ = h″: no step to measure
    expect(slopeFactor(90, 90, 45)).toBe(0);
    expect(slopeFactor(10, 1, 1)).toBe(0);
  });

  it('is the shipped expectation when the slope factor is 0', () => {
    const v = slopeVariants(LB, LA, F, group, 0);
    for (const k of ['hx-customer', 'hx-half', 'hx-group'] as const)
      v[k].forEach((p, i) => expect(p).toBeCloseTo(LB[i] * F, 12));
    expect(SLOPE_VARIANTS).toHaveLength(Object.keys(v).length);
  });

  it('extends each customer’s own slope, and half of it', () => {
    const s = 1.5;
    const v = slopeVariants(LB, LA, F, group, s);
    expect(v['hx-customer'][4]).toBeCloseTo(6 * Math.pow(6 / 5, 1.5) * F, 12);
    expect(v['hx-half'][4]).toBeCloseTo(6 * Math.pow(6 / 5, 0.75) * F, 12);
    // a fading correction keeps fading; an unchanged one stays
    expect(v['hx-customer'][0]).toBeLessThan(LB[0] * F);
    expect(v['hx-customer'][1]).toBeCloseTo(LB[1] * F, 12);
  });

  it('pools the slope within each frequency group', () => {
    const s = 0.8;
    const v = slopeVariants(LB, LA, F, group, s);
    const d1 = Math.log((0.6 + 0.5) / (0.5 + 0.55));
    expect(v['hx-group'][2] / LB[2]).toBeCloseTo(Math.exp(s * d1) * F, 12);
    expect(v['hx-group'][3] / LB[3]).toBeCloseTo(Math.exp(s * d1) * F, 12);
    expect(v['hx-group'][4]).toBeCloseTo(6 * Math.pow(6 / 5, s) * F, 12);
    expect(v['h″-only']).toEqual(LA.map((l) => l * F));
  });
});
