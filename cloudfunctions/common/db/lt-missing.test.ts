import { Query } from 'mingo';
import { applyLtMissing, ltMissingMode } from './lt-missing';

const docs = [{ _id: 'a', t: 1 }, { _id: 'b', t: 5 }, { _id: 'm' }, { _id: 'n', t: null }];
const hits = (filter: Record<string, unknown>, mode: 'match' | 'nomatch'): string[] => {
  const q = new Query(applyLtMissing(filter, mode));
  return docs.filter((d) => q.test(d)).map((d) => d._id);
};

it('reads the mode from the option, else QX_LT_MISSING, and refuses anything else', () => {
  expect(ltMissingMode({})).toBe(process.env.QX_LT_MISSING || 'match');
  expect(ltMissingMode({ ltMissing: 'nomatch' })).toBe('nomatch');
  expect(ltMissingMode({ ltMissing: 'match' })).toBe('match');
  expect(() => ltMissingMode({ ltMissing: 'lowest' as never })).toThrow(/QX_LT_MISSING/);
});

it("'nomatch' is MongoDB's type bracketing and leaves the filter as it is", () => {
  const f = { t: { $lt: 3 } };
  expect(applyLtMissing(f, 'nomatch')).toBe(f);
  expect(hits(f, 'nomatch')).toEqual(['a']);
});

it("'match': upper bounds alone also match missing and null, at any depth of $and/$or; the input is not mutated", () => {
  const f = { $or: [{ t: { $lt: 3 } }, { $and: [{ t: { $lte: 1 } }] }] };
  const before = structuredClone(f);
  expect(hits(f, 'match')).toEqual(['a', 'm', 'n']);
  expect(f).toEqual(before);
  expect(hits({ t: { $lte: 5 }, _id: { $in: ['b', 'm'] } }, 'match')).toEqual(['b', 'm']);
});

it("'match': a lower bound (or any other operator) keeps missing out in both readings", () => {
  for (const mode of ['match', 'nomatch'] as const) {
    expect(hits({ $and: [{ t: { $gt: 0 } }, { t: { $lt: 3 } }] }, mode)).toEqual(['a']);
    expect(hits({ t: { $gt: 0, $lt: 3 } }, mode)).toEqual(['a']);
    expect(hits({ t: { $gte: 5 } }, mode)).toEqual(['b']);
  }
  expect(applyLtMissing({ t: { $lt: 3, $exists: true } }, 'match')).toEqual({ t: { $lt: 3, $exists: true } });
});
