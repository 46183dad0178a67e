import { canonicalJson, featureSpecHash, specHash } from './feature-spec-hash';

describe('feature spec hash', () => {
  it('ignores key order and whitespace but not values', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 'x' }] })).toBe('{"a":[1,{"c":"x","d":2}],"b":1}');
    expect(specHash({ a: 1, b: 2 })).toBe(specHash({ b: 2, a: 1 }));
    expect(specHash({ a: 1 })).not.toBe(specHash({ a: 2 }));
  });

  it('hashes the bundled spec to 64 hex chars', () => {
    expect(featureSpecHash()).toMatch(/^[0-9a-f]{64}$/);
  });
});
