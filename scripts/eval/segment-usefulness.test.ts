import fc from 'fast-check';
import { averageRanks, etaSquared, fitRfmRanks, rfmRankGroups, type RfmInputs } from './segment-usefulness';

describe('etaSquared', () => {
  it('is 1 when segments are the outcome, 0 when every segment has the same mean', () => {
    expect(etaSquared([0, 0, 1, 1], [2, 2, 5, 5])).toBeCloseTo(1, 12);
    expect(etaSquared([0, 1, 0, 1], [1, 1, 3, 3])).toBeCloseTo(0, 12);
    expect(etaSquared([0, 1], [4, 4])).toBe(0); // constant outcome
  });

  it('matches between / total sums of squares on a worked example', () => {
    // groups {1,2,3} mean 2, {7,9} mean 8; grand mean 4.4; SSB = 3·2.4² + 2·3.6² = 43.2; SST = 47.2
    expect(etaSquared([0, 0, 0, 1, 1], [1, 2, 3, 7, 9])).toBeCloseTo(43.2 / 47.2, 12);
  });

  it('stays within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 60 }), (xs) => {
        const e = etaSquared(xs.map((x) => x[0]), xs.map((x) => x[1]));
        return e >= -1e-12 && e <= 1 + 1e-12;
      }),
    );
  });
});

describe('RFM rank-sum reference', () => {
  it('gives tied values their average rank', () => {
    expect(Array.from(averageRanks([5, 1, 5, 3]))).toEqual([3.5, 1, 3.5, 2]);
  });

  it('cuts customers into K equal groups, best recency + frequency + money on top', () => {
    const c: RfmInputs[] = Array.from({ length: 9 }, (_, i) => ({ recencyDays: 90 - i * 10, frequency: i + 1, monetary: 10 * (i + 1) }));
    expect(Array.from(rfmRankGroups(c, 3))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it('as a fitted labeller, gives the same groups on the customers it was fitted on (distinct rank sums)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 12, maxLength: 80 }), fc.integer({ min: 2, max: 6 }), (vals, k) => {
        const c = vals.map((v) => ({ recencyDays: 20_000 - v, frequency: v, monetary: v * 3 }));
        return Array.from(fitRfmRanks(c, k)(c)).join() === Array.from(rfmRankGroups(c, k)).join();
      }),
    );
  });
});
