import fc from 'fast-check';
import { compareValues, sortPage } from './sort';

it('orders types like MongoDB: null < numbers < strings < objects < arrays < booleans < dates', () => {
  const vals = [new Date(1), true, [1], { a: 1 }, 'b', 2, null];
  expect([...vals].sort(compareValues)).toEqual([null, 2, 'b', { a: 1 }, [1], true, new Date(1)]);
});

it('sorts by several fields, arrays by min (asc) / max (desc), missing first', () => {
  const docs = [
    { _id: 1, g: 2, t: [5, 1] },
    { _id: 2, g: 1, t: [3] },
    { _id: 3, g: 2, t: [2, 9] },
    { _id: 4, t: [4] },
  ];
  expect(sortPage(docs, { g: 1, t: 1 }, 0, 10).map((d) => d._id)).toEqual([4, 2, 1, 3]);
  expect(sortPage(docs, { t: -1 }, 0, 10).map((d) => d._id)).toEqual([3, 1, 4, 2]);
});

it('a bounded page equals the slice of a full stable sort', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          a: fc.integer({ min: 0, max: 5 }),
          b: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        }),
        { maxLength: 200 },
      ),
      fc.nat(20),
      fc.integer({ min: 1, max: 20 }),
      (rows, skip, limit) => {
        const docs = rows.map((r, i) => ({ _id: i, ...r }));
        const full = sortPage(docs, { a: -1, b: 1 }, 0, docs.length);
        expect(sortPage(docs, { a: -1, b: 1 }, skip, limit)).toEqual(full.slice(skip, skip + limit));
        for (let i = 1; i < full.length; i++) {
          const x = full[i - 1] as { _id: number; a: number; b: unknown };
          const y = full[i] as { _id: number; a: number; b: unknown };
          const c = -(x.a - y.a) || compareValues(x.b, y.b);
          expect(c < 0 || (c === 0 && x._id < y._id)).toBe(true);
        }
      },
    ),
  );
});
