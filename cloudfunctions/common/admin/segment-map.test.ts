import fc from 'fast-check';
import { MAP_SAMPLE, MAP_SEGMENT_FLOOR, sampleForMap, sampleRank } from './segment-map';

const rowsOf = (n: number, segmentOf: (i: number) => string | null) =>
  Array.from({ length: n }, (_, i) => ({ openid: `o${i.toString(36)}x${(i * 7919) % 1000}`, segment: segmentOf(i) }));

describe('segment map sample', () => {
  // 10,000 assigned customers: 80% / 19% / 1%, and some not assigned yet
  const rows = rowsOf(10_400, (i) => (i >= 10_000 ? null : i % 100 === 0 ? '9' : i % 5 === 0 ? '2' : '1'));

  it('draws each segment in proportion, at least the floor, about the sample size in all', () => {
    const s = sampleForMap(rows);
    const by = (id: string) => s.filter((r) => r.segment === id).length;
    expect(by('1')).toBe(Math.round(MAP_SAMPLE * 0.8));
    expect(by('2')).toBe(Math.round(MAP_SAMPLE * 0.19));
    expect(by('9')).toBe(MAP_SEGMENT_FLOOR); // 1% of 1,500 = 15 < floor
    expect(s.some((r) => r.segment === null)).toBe(false);
    expect(s.length).toBeLessThanOrEqual(MAP_SAMPLE + MAP_SEGMENT_FLOOR);
  });

  it('is deterministic: the same customers whatever the order rows arrive in', () => {
    const ids = (xs: typeof rows) => xs.map((r) => r.openid).sort();
    const base = ids(sampleForMap(rows));
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffled = [...rows];
        let h = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
          const j = h % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(ids(sampleForMap(shuffled))).toEqual(base);
      }),
      { numRuns: 5 },
    );
  });

  it('is stable: a customer who was not drawn leaving changes nothing else', () => {
    const drawn = new Set(sampleForMap(rows).map((r) => r.openid));
    const gone = rows.find((r) => r.segment === '1' && !drawn.has(r.openid))!;
    // quotas are rounded shares: removing one of 8,000 in segment 1 keeps them
    const after = sampleForMap(rows.filter((r) => r !== gone)).map((r) => r.openid);
    expect(new Set(after)).toEqual(drawn);
  });

  it('takes everyone from a small shop, and ranks ids the same way in every container', () => {
    const few = rowsOf(40, (i) => String(1 + (i % 3)));
    expect(sampleForMap(few)).toHaveLength(40);
    expect(sampleRank('oAbC123')).toBe(sampleRank('oAbC123'));
    expect(sampleRank('')).toBe(0x811c9dc5); // FNV-1a offset basis
  });
});
