import fc from 'fast-check';
import { nameOfKey, readKeys, readKeysDeep, storedKey, storedKeys, storedKeysDeep } from './stored-keys';

// Names rich in the characters that matter (`.`, `$`, `~`, hex digits after a `~`), and any string.
const name = fc.oneof(
  fc.string({ unit: fc.constantFrom('.', '$', '~', '2', 'e', '7', '4', 'a', '-', 'z', '0'), maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
);

/** Every plain-object key in `v`, at any depth. */
function keysOf(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(k, ...keysOf(x));
  return out;
}
const storable = (k: string) => !k.includes('.') && !k.startsWith('$');

describe('stored keys', () => {
  it('round-trips every name, and no stored key has a "." or a leading "$"', () => {
    fc.assert(
      fc.property(name, (n) => {
        const key = storedKey(n);
        expect(storable(key)).toBe(true);
        expect(nameOfKey(key)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps names without ".", "$" or "~" as they are, and maps distinct names to distinct keys', () => {
    expect(storedKey('histories-0.json.gz')).toBe('histories-0~2ejson~2egz');
    expect(storedKey('fit-model')).toBe('fit-model');
    expect(storedKey('$x~2e')).toBe('~24x~7e2e');
    fc.assert(fc.property(name, name, (a, b) => a === b || storedKey(a) !== storedKey(b)));
  });

  it('reads an old document whose keys are plain file names as they are', () => {
    const old = { 'histories-0.json.gz': 'cloud://a', 'model.onnx': 'cloud://b', 'reviews-0.json': 'cloud://c' };
    expect(readKeys(old)).toEqual(old);
    expect(readKeys(undefined)).toEqual({});
    expect(readKeys(storedKeys(old))).toEqual(old);
  });

  it('escapes a JSON value at every depth and reads it back equal', () => {
    fc.assert(
      fc.property(fc.jsonValue({ key: name } as never), (v) => {
        const stored = storedKeysDeep(v);
        expect(keysOf(stored).every(storable)).toBe(true);
        expect(readKeysDeep(stored)).toEqual(v);
      }),
      { numRuns: 300 },
    );
    const meta = { name: 'sentiment', data: { files: { 'waimai_10k.csv': 'b8b5', combined: '409c' } }, list: [{ 'a.b': 1 }] };
    expect(storedKeysDeep(meta)).toEqual({ name: 'sentiment', data: { files: { 'waimai_10k~2ecsv': 'b8b5', combined: '409c' } }, list: [{ 'a~2eb': 1 }] });
    expect(readKeysDeep(meta)).toEqual(meta); // an old stored meta reads as it is
  });
});
