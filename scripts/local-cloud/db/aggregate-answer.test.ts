import fc from 'fast-check';
import { AGGREGATE_DEFAULT_ANSWER, AGGREGATE_MAX_ANSWER, aggregateAnswerSize } from './aggregate-answer';

describe('aggregateAnswerSize', () => {
  it('is 20 unless the LAST stage is a positive limit, which counts up to 10,000', () => {
    expect(aggregateAnswerSize([])).toBe(AGGREGATE_DEFAULT_ANSWER);
    expect(aggregateAnswerSize([{ $group: { _id: '$g' } }])).toBe(20);
    expect(aggregateAnswerSize([{ $limit: 500 }, { $group: { _id: '$g' } }])).toBe(20);
    expect(aggregateAnswerSize([{ $group: { _id: '$g' } }, { $limit: 500 }])).toBe(500);
    expect(aggregateAnswerSize([{ $limit: 50_000 }])).toBe(AGGREGATE_MAX_ANSWER);
    expect(aggregateAnswerSize([{ $limit: 0 }])).toBe(20);
  });

  it('never answers more than the final limit or 10,000 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ $limit: fc.integer({ min: 1, max: 100_000 }) }), { maxLength: 4 }), (stages) => {
        const n = aggregateAnswerSize(stages);
        const last = stages[stages.length - 1];
        expect(n).toBeLessThanOrEqual(last ? Math.min(last.$limit, 10_000) : 20);
        expect(n).toBeGreaterThan(0);
      }),
    );
  });
});
