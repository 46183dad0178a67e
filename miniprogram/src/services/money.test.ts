import fc from 'fast-check';
import { yuan } from './money';

describe('yuan (money.ts)', () => {
  it('formats integer fen as ¥ with two decimals', () => {
    expect(yuan(0)).toBe('¥0.00');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(5800)).toBe('¥58.00');
    expect(yuan(24500)).toBe('¥245.00');
    expect(yuan(123456789)).toBe('¥1234567.89');
    expect(yuan(-250)).toBe('-¥2.50');
  });

  it('property: parsing the text back gives the same fen', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e11 }), (fen) => expect(Math.round(Number(yuan(fen).slice(1)) * 100)).toBe(fen)));
  });
});
