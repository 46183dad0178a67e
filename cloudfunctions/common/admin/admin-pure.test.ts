import { parseCsv } from '../../../scripts/eval/csv';
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
  it("names in the CSV as on the page: the model's name, else the members' stored one, else 分群 <id>", () => {
    const s = (id: string, name?: string): SegmentStat => ({ id, size: 1, means: {}, sentimentBins: [0, 0, 0, 0, 0], topCategories: [], ...(name ? { name } : {}) });
    const csv = segmentStatsCsv([s('1', '旧名'), s('3', '新客'), s('4'), s('none')], s('all'), new Map([['1', { name: '高价值' }]]));
    expect(csv.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['1,高价值', '3,新客', '4,分群 4', 'none,未分群', 'all,全体客户']);
  });
  it('guards names against spreadsheet formulas and leaves the figures numbers', () => {
    const s: SegmentStat = {
      id: '1',
      size: 3,
      means: Object.fromEntries(FEATURES.map((f) => [f, -12.5])),
      sentimentBins: [1, 0, 0, 0, 2],
      topCategories: [{ categoryId: 'x', categoryName: '=HYPERLINK("http://evil","茶")', weight: 1 }],
    };
    const [, row] = parseCsv(segmentStatsCsv([s], { ...s, id: 'all' }, new Map([['1', { name: '@SUM(A1)' }]])));
    expect(row[1]).toBe("'@SUM(A1)");
    expect(row[row.length - 1]).toBe('\'=HYPERLINK("http://evil","茶"):1');
    expect(row[4]).toBe('-12.5');
  });
  it('heads the segment CSV in Chinese, every feature column included, for staff opening it in Excel', () => {
    const blank: SegmentStat = { id: 'none', size: 1, means: {}, sentimentBins: [0, 0, 0, 0, 0], topCategories: [] };
    const [head, none] = segmentStatsCsv([blank], { ...blank, id: 'all' }, new Map()).split('\n');
    const cols = head.split(',');
    expect(cols).toHaveLength(4 + FEATURES.length + 5 + 1);
    expect(cols.slice(0, 4)).toEqual(['分群编号', '分群名称', '人数', '占全体比例']);
    expect(cols).toContain('距上次购买天数（均值）');
    expect(cols).toContain('评价情感0.8~1的人数');
    // no machine name left: a feature added to the spec without a header fails here
    for (const c of cols) expect(c).toMatch(/[\u4e00-\u9fff]/);
    expect(none).toMatch(/^none,未分群,1,/);
  });
});
