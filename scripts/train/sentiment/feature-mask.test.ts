import { augmentByDomain } from './domain-augment';
import { featureMask } from './feature-mask';
import type { Example } from './linear';

const ex = (ids: number[], label: 0 | 1, cat: string) => ({ ids: Int32Array.from(ids), label, cat });

describe('featureMask', () => {
  const rows = [ex([1, 2], 1, 'a'), ex([1, 3], 0, 'a'), ex([1, 2], 1, 'b'), ex([1, 2, 4], 0, 'b')];

  it('is null when nothing is pruned', () => {
    expect(featureMask(rows, 8, {})).toBeNull();
  });

  it('drops buckets seen in fewer than minDf documents', () => {
    expect(Array.from(featureMask(rows, 8, { minDf: 2 })!)).toEqual([0, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('down-weights buckets found in too few domains', () => {
    const m = featureMask(rows, 8, {
      minDomains: 2,
      domainMinDocs: 2,
      topicValue: 0.5,
      domainOf: ((e: { cat: string }) => e.cat) as (e: never) => string,
    })!;
    // 0 never seen → 0; 1 is in both domains ≥2 times; 2 only twice in b (once in a) → topic; 3, 4 once.
    expect(Array.from(m.slice(0, 5))).toEqual([0, 1, 0.5, 0.5, 0.5]);
  });

  it('refuses minDomains without a domain function', () => {
    expect(() => featureMask(rows, 8, { minDomains: 2 })).toThrow('domainOf');
  });
});

describe('augmentByDomain', () => {
  it('keeps the shared ids and adds per-domain copies in the second bucket space', () => {
    const rows = [ex([1, 2], 1, 'a'), ex([1, 2], 1, 'b'), ex([1, 2], 0, 'a')];
    const out: Example[] = augmentByDomain(rows, 1024, (e) => e.cat);
    expect(Array.from(out[0].ids.slice(0, 2))).toEqual([1, 2]);
    for (const e of out) for (const id of e.ids.slice(2)) expect(id).toBeGreaterThanOrEqual(1024);
    expect(Array.from(out[0].ids)).toEqual(Array.from(out[2].ids)); // same domain → same copies
    expect(Array.from(out[0].ids.slice(2))).not.toEqual(Array.from(out[1].ids.slice(2)));
    expect(out[2].label).toBe(0);
  });
});
