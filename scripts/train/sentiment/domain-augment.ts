/**
 * "Frustratingly easy" domain adaptation (Daumé III, 2007) for an unseen target domain: every
 * training example gets, besides its shared bucket ids, a domain-specific copy of each id (hashed
 * into a second bucket space by (id, domain)). The domain copies soak up what is particular to one
 * domain (a dish, a book's plot); only the SHARED weights are exported, so the served model keeps
 * what holds across domains. Training-only: the featurizer and the graph do not change.
 */
import { fmix32 } from '../../../cloudfunctions/common/text/hash';
import type { Example } from './linear';

/** Examples over 2·buckets ids: [shared ids…, domain-copy ids…]. */
export function augmentByDomain<E extends Example>(
  examples: readonly E[],
  buckets: number,
  domainOf: (e: E) => string,
): Example[] {
  const seeds = new Map<string, number>();
  const mask = buckets - 1;
  return examples.map((e) => {
    const d = domainOf(e);
    let seed = seeds.get(d);
    if (seed === undefined) {
      seed = fmix32(0x5bd1e995 + seeds.size * 0x9e3779b1);
      seeds.set(d, seed);
    }
    const n = e.ids.length;
    const ids = new Int32Array(2 * n);
    ids.set(e.ids);
    for (let k = 0; k < n; k++) ids[n + k] = buckets + (fmix32(e.ids[k] ^ seed) & mask);
    return { ids, label: e.label };
  });
}
