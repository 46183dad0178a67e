import { Query } from 'mingo';
import { applyArrayNeq, arrayNeqMode } from './array-neq';
import { applyReadings, queryReadings } from './query-readings';

const docs = [
  { _id: 'a', f: ['x', 'y'] },
  { _id: 'e', f: [] },
  { _id: 's', f: 'x' },
  { _id: 't', f: 'z' },
  { _id: 'm' },
];
const hits = (filter: Record<string, unknown>, mode: 'element' | 'whole' | 'some'): string[] => {
  const q = new Query(applyArrayNeq(filter, mode));
  return docs.filter((d) => q.test(d)).map((d) => d._id);
};

it('reads the mode from the option, else QX_ARRAY_NEQ, and refuses anything else', () => {
  expect(arrayNeqMode({})).toBe(process.env.QX_ARRAY_NEQ || 'whole');
  expect(arrayNeqMode({ arrayNeq: 'element' })).toBe('element');
  expect(arrayNeqMode({ arrayNeq: 'whole' })).toBe('whole');
  expect(arrayNeqMode({ arrayNeq: 'some' })).toBe('some');
  expect(() => arrayNeqMode({ arrayNeq: 'any' as never })).toThrow(/QX_ARRAY_NEQ must be element or whole or some/);
});

it("'element' is MongoDB's reading and leaves the filter as it is", () => {
  const f = { f: { $ne: 'x' } };
  expect(applyArrayNeq(f, 'element')).toBe(f);
  expect(hits(f, 'element')).toEqual(['e', 't', 'm']);
  expect(hits({ f: { $nin: ['x', 'z'] } }, 'element')).toEqual(['e', 'm']);
  expect(hits({ f: { $in: ['y', 'z'] } }, 'element')).toEqual(['a', 't']);
});

it("'whole': an array never equals a scalar — $ne/$nin match it, $in does not, at any depth; the input is not mutated", () => {
  const f = { $or: [{ f: { $ne: 'x' } }, { $and: [{ _id: 'zz' }] }] };
  const before = structuredClone(f);
  expect(hits(f, 'whole')).toEqual(['a', 'e', 't', 'm']);
  expect(f).toEqual(before);
  expect(hits({ f: { $nin: ['x', 'z'] } }, 'whole')).toEqual(['a', 'e', 'm']);
  expect(hits({ f: { $in: ['y', 'z'] } }, 'whole')).toEqual(['t']);
  expect(hits({ $and: [{ f: { $in: ['x'], $ne: 'z' } }] }, 'whole')).toEqual(['s']);
});

it("'some': $ne/$nin hold when some element satisfies them (never for an empty array), $in as MongoDB's", () => {
  expect(hits({ f: { $ne: 'x' } }, 'some')).toEqual(['a', 't', 'm']);
  expect(hits({ f: { $nin: ['y', 'z'] } }, 'some')).toEqual(['a', 's', 'm']);
  expect(hits({ f: { $nin: ['x', 'y'] } }, 'some')).toEqual(['t', 'm']);
  expect(hits({ f: { $in: ['y', 'z'] } }, 'some')).toEqual(['a', 't']);
  expect(hits({ $or: [{ f: { $ne: 'y', $exists: true } }] }, 'some')).toEqual(['a', 's', 't']);
});

it("'whole' and 'some' leave alone what all readings share: equality, array operators, array or object operands", () => {
  const same = [
    { f: 'x' },
    { f: { $all: ['x'] } },
    { f: { $size: 0 } },
    { f: { $elemMatch: { $eq: 'y' } } },
    { f: { $ne: ['x', 'y'] } },
    { f: { $in: [['x', 'y']] } },
    { f: { $exists: true } },
  ];
  for (const f of same) {
    expect(applyArrayNeq(f, 'whole')).toEqual(f);
    expect(applyArrayNeq(f, 'some')).toEqual(f);
  }
});

it('applies with the other readings: the kept $ne still needs the field under QX_NEQ_MISSING=nomatch', () => {
  const q = (mode: 'element' | 'whole' | 'some', neqMissing: 'match' | 'nomatch') => {
    const query = new Query(applyReadings({ f: { $ne: 'x' } }, queryReadings({ arrayNeq: mode, neqMissing })));
    return docs.filter((d) => query.test(d)).map((d) => d._id);
  };
  expect(q('whole', 'nomatch')).toEqual(['a', 'e', 't']);
  expect(q('whole', 'match')).toEqual(['a', 'e', 't', 'm']);
  expect(q('element', 'nomatch')).toEqual(['e', 't']);
  expect(q('some', 'nomatch')).toEqual(['a', 't']);
  expect(q('some', 'match')).toEqual(['a', 't', 'm']);
});
