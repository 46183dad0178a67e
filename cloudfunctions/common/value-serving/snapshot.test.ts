import type { BuyerValue as ProfileValue } from '../value/profile-value';
import { addToAgg, addVisitorToAgg, emptyAgg, finishSnapshot, pastBin, pastLowerEdge, SPEND_EDGES_FEN } from './snapshot';

const value = (spend90dFen: number, churnRisk: ProfileValue['churnRisk']): ProfileValue => ({
  purchases90d: 1,
  pActive: 0.5,
  spend90dFen,
  churnRisk,
  churnReason: '',
  at: 0,
  version: 'v',
});

describe('value snapshot', () => {
  it('counts the top fifth by past spend as high value and the high-risk ones among them', () => {
    const agg = emptyAgg();
    // 10 buyers: past spend ¥10 … ¥100; the two biggest (¥90, ¥100) are the top 20%, one of them at high risk.
    for (let i = 1; i <= 10; i++)
      addToAgg(agg, value(1500 * i, i === 10 || i === 3 ? 'high' : 'low'), {
        segment: i % 2 ? '1' : null,
        segmentName: i % 2 ? '忠实' : null,
        past365Fen: 1000 * i,
      });
    const s = finishSnapshot(agg, { day: '2026-12-04', at: 1, version: 'v' });
    expect(s.highValue.count).toBe(2);
    expect(s.highValue.thresholdFen).toBeLessThanOrEqual(9000);
    expect(s.highValue.thresholdFen).toBeGreaterThan(8000 / 1.25);
    expect(s.atRiskHighValue).toBe(1);
    expect(s.risk).toEqual({ low: 8, medium: 0, high: 2 });
    expect(s.spendHistogram.counts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(s.spendHistogram.counts[SPEND_EDGES_FEN.indexOf(5000)]).toBe(3); // ¥60, ¥75, ¥90
    expect(s.expected90dFen).toBe(1500 * 55);
    expect(s.bySegment.map((b) => [b.segment, b.customers])).toEqual([
      ['none', 5],
      ['1', 5],
    ]);
    expect(s.bySegment[1].name).toBe('忠实');
  });

  it('names as the threshold the smallest whole fen of its band: every buyer at or above it counts, none below', () => {
    // The admin page says 「近 365 天消费不少于 <threshold>」: rounding the band's edge to nearest named
    // 195 fen for a band starting at 195.31, whose buyers at 195 fen are not counted.
    for (let bin = 1; bin < 64; bin++) {
      const edge = pastLowerEdge(bin);
      expect(pastBin(edge)).toBe(bin);
      expect(pastBin(edge - 1)).toBe(bin - 1);
    }
  });

  it('an empty pass has no high-value customers', () => {
    const s = finishSnapshot(emptyAgg(), { day: '2026-12-04', at: 1, version: null });
    expect(s).toMatchObject({ buyers: 0, highValue: { count: 0, thresholdFen: 0 }, atRiskHighValue: 0 });
    expect(s).not.toHaveProperty('visitors');
  });

  it("counts visitors apart: their first purchases and spend, none of the buyers' figures", () => {
    const agg = emptyAgg();
    addToAgg(agg, value(3000, 'low'), { segment: null, segmentName: null, past365Fen: 5000 });
    for (const e of [0.2, 0.1, 0.05])
      addVisitorToAgg(agg, { stage: 'visitor', purchases90d: e, pActive: 0, spend90dFen: Math.round(e * 8000), at: 0, version: 'v' });
    const s = finishSnapshot(agg, { day: '2026-12-04', at: 1, version: 'v' });
    expect(s.visitors).toEqual({ customers: 3, purchases90d: 0.35, expected90dFen: 2800 });
    expect(s).toMatchObject({ buyers: 1, expected90dFen: 3000, risk: { low: 1, medium: 0, high: 0 } });
    expect(s.spendHistogram.counts.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
