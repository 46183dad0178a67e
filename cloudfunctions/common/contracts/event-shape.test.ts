import fc from 'fast-check';
import { QxError } from './errors';
import { assertEventShape, EVENT_SHAPE } from './event-shape';

const codeOf = (v: unknown): string | null => {
  try {
    assertEventShape(v);
    return null;
  } catch (err) {
    if (!(err instanceof QxError)) throw err;
    return err.code;
  }
};
const deep = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('assertEventShape', () => {
  it('passes every small JSON value', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => expect(codeOf(v)).toBeNull()));
  });

  it('refuses depth, long arrays and too many values at exactly the bounds, without recursing', () => {
    expect(codeOf(deep(EVENT_SHAPE.maxDepth))).toBeNull();
    expect(codeOf(deep(EVENT_SHAPE.maxDepth + 1))).toBe('INVALID_INPUT');
    expect(codeOf(deep(200_000))).toBe('INVALID_INPUT');
    expect(codeOf(Array.from({ length: EVENT_SHAPE.maxArray }, () => 0))).toBeNull();
    expect(codeOf({ items: Array.from({ length: EVENT_SHAPE.maxArray + 1 }, () => 0) })).toBe('PAYLOAD_TOO_LARGE');
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, Array.from({ length: 700 }, () => 0)]));
    expect(codeOf(wide)).toBe('PAYLOAD_TOO_LARGE');
  });
});
