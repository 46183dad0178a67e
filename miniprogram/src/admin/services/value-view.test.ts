import { monthDay, segmentLabel, spendBinLabels, yuan } from './value-view';

describe('value view helpers', () => {
  it('labels spend bins by their lower edge in yuan, the last open-ended', () => {
    expect(spendBinLabels([0, 1000, 2000, 100_000, 500_000, 1_000_000])).toEqual([
      '0',
      '10',
      '20',
      '1千',
      '5千',
      '1万+',
    ]);
  });
  it('formats fen as yuan', () => {
    expect(yuan(123456)).toBe('¥1,235');
    expect(yuan(50)).toBe('¥0.5');
    expect(yuan(0)).toBe('¥0');
  });
  it('names segments and days', () => {
    expect(segmentLabel({ segment: 'none', name: null, customers: 1, spend90dFen: 1, purchases90d: 1 })).toBe(
      '未分群',
    );
    expect(segmentLabel({ segment: '2', name: null, customers: 1, spend90dFen: 1, purchases90d: 1 })).toBe(
      '分群 2',
    );
    expect(segmentLabel({ segment: '2', name: '忠实', customers: 1, spend90dFen: 1, purchases90d: 1 })).toBe(
      '忠实',
    );
    expect(monthDay('2026-12-04')).toBe('12-04');
  });
});
