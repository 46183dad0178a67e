import { horizonVariants, keepsLevel, LEVEL_MIN_RATIO } from './level-horizon-rule';

describe('level-horizon rule (session 19)', () => {
  it('keeps the level from h = 2·h′ on, as fixed in the plan', () => {
    expect(LEVEL_MIN_RATIO).toBe(2);
    // The splits of the plan: CDNOW 07-01 (91, 68), D1 (107, 62), D2 (136, 51), half A (273, 102);
    // the burst worlds' 13/26/39-week hold-outs at h′ = 68.
    expect([keepsLevel(91, 68), keepsLevel(107, 62), keepsLevel(136, 51), keepsLevel(273, 102)]).toEqual([false, false, true, true]);
    expect([91, 182, 273].map((h) => keepsLevel(h, 68))).toEqual([false, true, true]);
    expect(keepsLevel(136, 68)).toBe(true);
    expect(keepsLevel(135, 68)).toBe(false);
  });

  it('applies the level on the raw trees only where the rule keeps it', () => {
    const raw = [0.5, 1, 2];
    const long = horizonVariants(raw, 1.1, 273, 68);
    expect(long.shipped).toEqual([0.55, 1.1, 2.2]);
    expect(long['h-ratio']).toEqual(long.shipped);
    expect(long.none).toEqual(raw);
    const short = horizonVariants(raw, 1.1, 91, 68);
    expect(short['h-ratio']).toEqual(raw);
    expect(short.shipped).toEqual(long.shipped);
  });
});
