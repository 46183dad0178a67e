import fc from 'fast-check';
import { jsonDepth } from './json-depth';

/** Depth by walking the parsed value (the reference). */
function parsedDepth(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const kids = Array.isArray(v) ? v : Object.values(v);
  return 1 + kids.reduce<number>((m, k) => Math.max(m, parsedDepth(k)), 0);
}

it('equals the depth of the parsed value for any JSON (brackets and escapes inside strings ignored)', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
      expect(jsonDepth(JSON.stringify(v))).toBe(parsedDepth(v));
    }),
    { numRuns: 500 },
  );
  expect(jsonDepth('{"a":"[[[{\\"}"}')).toBe(1);
});

it('measures 100 000 levels without recursion', () => {
  expect(jsonDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
});
