import { fnv1a32, idHalf, parseIdHalf } from './id-half';

describe('id halves', () => {
  it('hashes with 32-bit FNV-1a (published test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('puts even hashes in half A and odd ones in half B', () => {
    expect(idHalf('a')).toBe('A');
    expect(idHalf('')).toBe('B');
    expect(idHalf('foobar')).toBe('A');
    // Roughly half of many ids on each side.
    const ids = Array.from({ length: 10000 }, (_, i) => String(i + 1));
    const a = ids.filter((id) => idHalf(id) === 'A').length;
    expect(a).toBeGreaterThan(4800);
    expect(a).toBeLessThan(5200);
  });

  it('reads --half', () => {
    expect(parseIdHalf(undefined)).toBeUndefined();
    expect(parseIdHalf('A')).toBe('A');
    expect(parseIdHalf('B')).toBe('B');
    expect(() => parseIdHalf('a')).toThrow(/A or B/);
  });
});
