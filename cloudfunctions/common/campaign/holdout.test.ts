import fc from 'fast-check';
import { holdoutBucket, isHeldOut } from './holdout';

describe('holdout', () => {
  it('is deterministic and within [0, 1)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (c, o) => {
        const b = holdoutBucket(c, o);
        return b === holdoutBucket(c, o) && b >= 0 && b < 1;
      }),
    );
  });
  it('holds out close to the requested share', () => {
    let held = 0;
    for (let i = 0; i < 20000; i++) if (isHeldOut('camp1', `user${i}`, 10)) held++;
    expect(held / 20000).toBeGreaterThan(0.09);
    expect(held / 20000).toBeLessThan(0.11);
  });
  it('holds out nobody at 0 % and differs across campaigns', () => {
    expect(isHeldOut('c', 'u', 0)).toBe(false);
    const a = Array.from({ length: 200 }, (_, i) => isHeldOut('c1', `u${i}`, 50));
    const b = Array.from({ length: 200 }, (_, i) => isHeldOut('c2', `u${i}`, 50));
    expect(a).not.toEqual(b);
  });
});
