import fc from 'fast-check';
import { churnReasonText, churnRisk, storedChurn, type ChurnInput } from './churn';

const input: fc.Arbitrary<ChurnInput> = fc
  .record({
    purchaseDays: fc.integer({ min: 1, max: 40 }),
    daysSinceLastPurchase: fc.integer({ min: 0, max: 800 }),
    gap: fc.double({ min: 0, max: 300, noNaN: true }),
    pActive: fc.double({ min: 0, max: 1, noNaN: true }),
    horizonDays: fc.constantFrom(30, 90),
  })
  .map((r) => ({
    purchaseDays: r.purchaseDays,
    daysSinceLastPurchase: r.daysSinceLastPurchase,
    meanGapDays: r.purchaseDays > 1 ? r.gap : null,
    pActive: r.pActive,
    expectedPurchases: -Math.log(1 - Math.min(r.pActive, 0.999999)),
    horizonDays: r.horizonDays,
  }));

describe('the churn sentence, stored as facts and worded on read', () => {
  it('words the stored facts exactly as the pass worded them', () => {
    fc.assert(
      fc.property(input, (c) => {
        const r = churnRisk(c);
        const stored = JSON.parse(JSON.stringify({ churnRisk: r.level, churnReason: 'stale', churnFacts: r.facts }));
        expect(churnReasonText(r.level, r.facts)).toBe(r.reason);
        expect(storedChurn(stored)).toEqual({ level: r.level, reason: r.reason });
      }),
      { numRuns: 500 },
    );
  });

  it("says today's words over the sentence a pass stored, and that sentence when there are no facts", () => {
    const r = churnRisk({ purchaseDays: 5, daysSinceLastPurchase: 200, meanGapDays: 15, pActive: 0.05, expectedPurchases: 0.05, horizonDays: 90 });
    expect(r.level).toBe('high');
    expect(storedChurn({ churnRisk: 'high', churnReason: '旧的说法', churnFacts: r.facts })).toEqual({ level: 'high', reason: r.reason });
    expect(storedChurn({ churnRisk: 'high', churnReason: '旧的说法' })).toEqual({ level: 'high', reason: '旧的说法' });
    expect(storedChurn({ churnRisk: 'high', churnReason: '旧的说法', churnFacts: { ...r.facts, by: 'luck' } })).toEqual({ level: 'high', reason: '旧的说法' });
    expect(storedChurn({ stage: 'visitor', purchases90d: 0.1 })).toBeUndefined();
    expect(storedChurn(undefined)).toBeUndefined();
  });
});
