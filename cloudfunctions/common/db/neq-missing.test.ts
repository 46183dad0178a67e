import { Query } from 'mingo';
import { applyNeqMissing, neqMissingMode } from './neq-missing';

const docs = [{ _id: 'a', f: 1 }, { _id: 'b', f: 2 }, { _id: 'm' }, { _id: 'n', f: null }];
const hits = (filter: Record<string, unknown>, mode: 'match' | 'nomatch'): string[] => {
  const q = new Query(applyNeqMissing(filter, mode));
  return docs.filter((d) => q.test(d)).map((d) => d._id);
};

it('reads the mode from the option, else QX_NEQ_MISSING, and refuses anything else', () => {
  expect(neqMissingMode({})).toBe(process.env.QX_NEQ_MISSING || 'nomatch');
  expect(neqMissingMode({ neqMissing: 'nomatch' })).toBe('nomatch');
  expect(neqMissingMode({ neqMissing: 'match' })).toBe('match');
  expect(() => neqMissingMode({ neqMissing: 'never' as never })).toThrow(/QX_NEQ_MISSING/);
});

it("'match' is MongoDB's reading and leaves the filter as it is", () => {
  const f = { f: { $ne: 1 } };
  expect(applyNeqMissing(f, 'match')).toBe(f);
  expect(hits(f, 'match')).toEqual(['b', 'm', 'n']);
});

it("'nomatch': $ne and $nin need the field, at any depth of $and/$or; the input is not mutated", () => {
  const f = { $or: [{ f: { $ne: 1 } }, { $and: [{ f: { $nin: [2] } }] }] };
  const before = structuredClone(f);
  expect(hits(f, 'nomatch')).toEqual(['a', 'b', 'n']);
  expect(f).toEqual(before);
  expect(hits({ f: { $nin: [1, 2] } }, 'nomatch')).toEqual(['n']);
  // Other operators and plain values are untouched.
  expect(applyNeqMissing({ f: 1, g: { $gt: 1 }, at: new Date(0) }, 'nomatch')).toEqual({ f: 1, g: { $gt: 1 }, at: new Date(0) });
});

it("'nomatch' keeps an $exists the condition carries: true changes nothing, false matches nothing", () => {
  expect(hits({ f: { $ne: 1, $exists: true } }, 'nomatch')).toEqual(['b', 'n']);
  expect(hits({ f: { $ne: 1, $exists: false } }, 'nomatch')).toEqual([]);
  expect(hits({ f: { $ne: 1, $exists: false } }, 'match')).toEqual(['m']);
  // "Another value, or none" spelled out reads the same under both.
  const spelled = { $or: [{ f: { $ne: 1 } }, { f: { $exists: false } }] };
  expect(hits(spelled, 'nomatch')).toEqual(hits(spelled, 'match'));
});
