import fc from 'fast-check';
import {
  isHashedKey,
  isStoredName,
  nameOfKey,
  readEntry,
  readKeys,
  readKeysDeep,
  storedEntry,
  storedKey,
  storedKeys,
  storedKeysDeep,
} from './stored-keys';

// Names rich in the characters that matter (`_`, `.`, `$`, `~`, `-`, hex digits after an escape,
// the `q`/`h` of the prefixes, CJK), long ones, and any string at all.
const unit = fc.constantFrom('.', '$', '~', '_', '-', 'q', 'h', 'u', '2', 'e', '7', 'f', 'a', 'z', '0', '群', '/');
const name = fc.oneof(
  fc.string({ unit, maxLength: 24 }),
  fc.string({ unit, minLength: 25, maxLength: 70 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), // the id rule (contracts/events.ts)
);

/** Every plain-object key in `v`, at any depth. */
function keysOf(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(k, ...keysOf(x));
  return out;
}

describe('the CloudBase field-name rule', () => {
  it('allows letters, digits and "_", at most 32 characters, not starting with "_"', () => {
    for (const ok of ['a', 'A9', '0', 'waimai_10k', 'qxWriteId', 'd20261206', 'x'.repeat(32), 'a_'])
      expect(isStoredName(ok)).toBe(true);
    for (const bad of ['', '_x', '_id', '.a', 'a.b', '/a', '$x', 'a-b', 'a~2e', 'x'.repeat(33), '群', 'a b', 'a\0'])
      expect(isStoredName(bad)).toBe(false);
  });
});

describe('stored keys', () => {
  it('always yields a legal name, and round-trips every name that is not hashed (property)', () => {
    fc.assert(
      fc.property(name, (n) => {
        const key = storedKey(n);
        expect(isStoredName(key)).toBe(true);
        if (isHashedKey(key)) expect(nameOfKey(key)).toBeUndefined();
        else expect(nameOfKey(key)).toBe(n);
        expect(readEntry(...storedEntry(n, 7))).toEqual([n, 7]);
      }),
      { numRuns: 3000 },
    );
  });

  it('maps distinct names to distinct keys (property)', () => {
    fc.assert(fc.property(name, name, (a, b) => a === b || storedKey(a) !== storedKey(b)), { numRuns: 3000 });
  });

  it('keeps legal names as they are, escapes the rest with "_", hashes what would pass 32 characters', () => {
    expect(storedKey('fit')).toBe('fit');
    expect(storedKey('waimai_10k')).toBe('waimai_10k');
    expect(storedKey('histories-0.json.gz')).toBe('q_histories_2d0_2ejson_2egz');
    expect(storedKey('2026-12-06')).toBe('q_2026_2d12_2d06');
    expect(storedKey('_x')).toBe('q__5fx');
    expect(storedKey('q_x')).toBe('q_q_5fx'); // a legal name that looks like ours is escaped too
    expect(storedKey('群像')).toBe('q__u7fa4_u50cf');
    expect(storedKey('')).toBe('q_');
    const long = storedKey('histories-0-of-a-very-long-job.json.gz');
    expect(long).toMatch(/^qh_[0-9a-f]{16}_histories_2d$/);
    expect(long).toHaveLength(32);
    expect(storedKey('x'.repeat(33))).toMatch(/^qh_/);
  });

  it('reads documents written before: plain keys and the old "~" escapes', () => {
    const old = { 'histories-0.json.gz': 'cloud://a', 'model.onnx': 'cloud://b', 'reviews-0~2ejson': 'cloud://c', feature_spec: 'd' };
    expect(readKeys(old)).toEqual({ 'histories-0.json.gz': 'cloud://a', 'model.onnx': 'cloud://b', 'reviews-0.json': 'cloud://c', feature_spec: 'd' });
    expect(nameOfKey('~24x~7e2e')).toBe('$x~2e');
    expect(nameOfKey('q_not_valid_escape')).toBe('q_not_valid_escape'); // not our body: an old plain key
    expect(readKeys(undefined)).toEqual({});
  });

  it('round-trips a map stored whole, hashed keys included, with legal keys only', () => {
    const m = { 'histories-0.json.gz': 'cloud://h', ['x-'.repeat(20)]: 'cloud://long', plain: 'p', __proto__x: 1 };
    const stored = storedKeys(m);
    expect(Object.keys(stored).every(isStoredName)).toBe(true);
    expect(stored[storedKey('x-'.repeat(20))]).toEqual({ n: 'x-'.repeat(20), v: 'cloud://long' });
    expect(readKeys(stored)).toEqual(m);
    const proto = storedKeys(JSON.parse('{"__proto__": 1}') as Record<string, number>);
    expect(readKeys(proto)).toEqual(JSON.parse('{"__proto__": 1}'));
  });

  it('stores a JSON value legally at every depth and reads it back equal (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ key: name } as never), (v) => {
        const stored = storedKeysDeep(v);
        expect(keysOf(stored).every(isStoredName)).toBe(true);
        expect(readKeysDeep(stored)).toEqual(v);
      }),
      { numRuns: 300 },
    );
    const meta = { name: 'sentiment', data: { files: { 'waimai_10k.csv': 'b8b5', combined: '409c' } }, list: [{ 'a.b': 1 }] };
    expect(storedKeysDeep(meta)).toEqual({ name: 'sentiment', data: { files: { q_waimai_5f10k_2ecsv: 'b8b5', combined: '409c' } }, list: [{ q_a_2eb: 1 }] });
    expect(readKeysDeep(meta)).toEqual(meta); // an old stored meta reads as it is
    expect(readKeysDeep({ data: { files: { 'waimai_10k~2ecsv': 'b8b5' } } })).toEqual({ data: { files: { 'waimai_10k.csv': 'b8b5' } } });
  });
});
