import fc from 'fast-check';
import { update as mingoUpdate } from 'mingo';
import type { Doc } from './ejson';
import { fastUpdate } from './fast-update';

/** The general path: deep clone + mingo's updater. */
function viaMingo(doc: Doc, modifier: Doc): { doc: Doc; modified: boolean } {
  const next = structuredClone(doc);
  const changed = mingoUpdate(next, modifier as never);
  return { doc: next, modified: changed.length > 0 };
}

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: false }), fc.constantFrom('x', null, true), fc.date({ noInvalidDate: true }));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.dictionary(key, tie('v'), { maxKeys: 3, noNullPrototype: true }), fc.array(scalar, { maxLength: 2 })),
})).v;
const doc = fc.dictionary(key, value, { maxKeys: 3, noNullPrototype: true }).map((d) => ({ _id: 'id', ...d }) as Doc);
const path = fc.array(key, { minLength: 1, maxLength: 2 }).map((p) => p.join('.'));
const num = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double());
const modifier = fc
  .record(
    {
      $inc: fc.dictionary(path, num, { maxKeys: 1, noNullPrototype: true }),
      $min: fc.dictionary(path, num, { maxKeys: 1, noNullPrototype: true }),
      $max: fc.dictionary(path, num, { maxKeys: 1, noNullPrototype: true }),
      $set: fc.dictionary(path, value, { maxKeys: 1, noNullPrototype: true }),
      $unset: fc.dictionary(path, fc.constant(''), { maxKeys: 1, noNullPrototype: true }),
    },
    { requiredKeys: [] },
  )
  .filter((m) => Object.keys(m).length > 0);

it('gives exactly what mingo gives whenever it takes an update', () => {
  let taken = 0;
  fc.assert(
    fc.property(doc, modifier, (d, m) => {
      const before = structuredClone(d);
      const fast = fastUpdate(d, m);
      expect(d).toEqual(before); // never mutates its input
      if (!fast) return;
      taken++;
      let expected: { doc: Doc; modified: boolean };
      try {
        expected = viaMingo(d, m);
      } catch {
        return; // the caller's path checks refuse these before either path runs
      }
      expect(fast.doc).toEqual(expected.doc);
      expect(Object.keys(fast.doc)).toEqual(Object.keys(expected.doc));
      expect(fast.modified).toBe(expected.modified);
    }),
    { numRuns: 3000, seed: 42 },
  );
  expect(taken).toBeGreaterThan(300);
});

it('leaves positional, _id and overlapping paths to the general path', () => {
  expect(fastUpdate({ _id: 'a', l: [1] }, { $inc: { 'l.0': 1 } })).toBeNull();
  expect(fastUpdate({ _id: 'a' }, { $set: { _id: 'b' } })).toBeNull();
  expect(fastUpdate({ _id: 'a' }, { $inc: { a: 1 }, $set: { 'a.b': 1 } })).toBeNull();
  expect(fastUpdate({ _id: 'a', n: 's' }, { $inc: { n: 1 } })).toBeNull();
  expect(fastUpdate({ _id: 'a' }, { $push: { l: 1 } })).toBeNull();
});

it('shares untouched subtrees and copies the touched path', () => {
  const d = { _id: 'a', x: { y: 1 }, z: { w: 2 } };
  const r = fastUpdate(d, { $inc: { 'x.y': 1 }, $unset: { 'q.r': '' } })!;
  expect(r.doc).toEqual({ _id: 'a', x: { y: 2 }, z: { w: 2 } });
  expect(r.doc.z).toBe(d.z);
  expect(d.x.y).toBe(1);
});

it('sees overlapping paths whatever their sort order', () => {
  expect(fastUpdate({ _id: 'a' }, { $inc: { a: 1, 'a-x': 1 }, $set: { 'a.b': 1 } })).toBeNull();
});
