import { Query } from 'mingo';
import { applyNullEq, nullEqMode } from './null-eq';

const docs = [{ _id: 'a', f: 1 }, { _id: 'e', f: '' }, { _id: 'm' }, { _id: 'n', f: null }];
const hits = (filter: Record<string, unknown>, mode: 'match' | 'nomatch'): string[] => {
  const q = new Query(applyNullEq(filter, mode));
  return docs.filter((d) => q.test(d)).map((d) => d._id);
};

it('reads the mode from the option, else QX_NULL_EQ, and refuses anything else', () => {
  expect(nullEqMode({})).toBe(process.env.QX_NULL_EQ || 'nomatch');
  expect(nullEqMode({ nullEq: 'nomatch' })).toBe('nomatch');
  expect(nullEqMode({ nullEq: 'match' })).toBe('match');
  expect(() => nullEqMode({ nullEq: 'never' as never })).toThrow(/QX_NULL_EQ/);
});

it("'match' is MongoDB's reading: null matches a stored null and a missing field", () => {
  const f = { f: null };
  expect(applyNullEq(f, 'match')).toBe(f);
  expect(hits(f, 'match')).toEqual(['m', 'n']);
  expect(hits({ f: { $in: ['', null] } }, 'match')).toEqual(['e', 'm', 'n']);
});

it("'nomatch': an equality with null matches nothing, at any depth; $in drops null; input not mutated", () => {
  const f = { $or: [{ f: null }, { $and: [{ f: { $eq: null } }] }] };
  const before = structuredClone(f);
  expect(hits(f, 'nomatch')).toEqual([]);
  expect(f).toEqual(before);
  expect(hits({ f: { $ne: null } }, 'nomatch')).toEqual([]);
  expect(hits({ f: { $nin: [1, null] } }, 'nomatch')).toEqual([]);
  expect(hits({ f: { $in: ['', null] } }, 'nomatch')).toEqual(['e']);
  // The form product code uses for "no value": the sentinel, a legacy null, or missing.
  expect(hits({ $or: [{ f: { $in: ['', null] } }, { f: { $exists: false } }] }, 'nomatch')).toEqual(['e', 'm']);
  expect(hits({ $or: [{ f: { $in: ['', null] } }, { f: { $exists: false } }] }, 'match')).toEqual(['e', 'm', 'n']);
  // Other operators and values are untouched.
  expect(applyNullEq({ f: 1, g: { $gt: 1 }, h: { $exists: false } }, 'nomatch')).toEqual({ f: 1, g: { $gt: 1 }, h: { $exists: false } });
});
