import { maskOpenid } from './outbox-list';
import { startOfChinaDay } from './overview';
import { FEATURES, segmentStatsCsv, type SegmentStat } from './segment-stats';

describe('admin helpers', () => {
  it('masks openids', () => {
    expect(maskOpenid('oAbcdefghijk')).toBe('oAb…ijk');
    expect(maskOpenid('abc')).toBe('a***');
  });
  it('finds the start of the day in UTC+8', () => {
    expect(startOfChinaDay(Date.parse('2026-11-23T15:59:00Z'))).toBe(Date.parse('2026-11-22T16:00:00Z'));
    expect(startOfChinaDay(Date.parse('2026-11-23T16:00:00Z'))).toBe(Date.parse('2026-11-23T16:00:00Z'));
  });
  it('writes aggregate-only CSV with escaped names', () => {
    const s = (id: string, size: number): SegmentStat => ({
      id,
      size,
      means: Object.fromEntries(FEATURES.map((f) => [f, 1.23456])),
      sentimentBins: [1, 2, 3, 4, 5],
      topCategories: [{ categoryId: 'tea', weight: 0.5 }],
    });
    const csv = segmentStatsCsv([s('1', 10)], s('all', 40), new Map([['1', { name: '买家,"高"' }]]));
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^1,"买家,""高""",10,0.25,1.2346/);
    expect(lines[2]).toMatch(/^all,全体客户,40,1,/);
  });
});
