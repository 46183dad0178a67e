/**
 * Feature pruning for domain transfer: a bucket's feature value is 0 (dropped) when it occurs in
 * fewer than `minDf` training documents (rare n-grams are mostly domain-specific noise), or in
 * fewer than `minDomains` domains (a "topic" n-gram: a product name, a dish). Dropped buckets keep
 * weight 0, so the exported graph and the featurizer do not change; the 1/sqrt(n) scale still
 * counts them (the featurizer cannot know which buckets the model dropped).
 */
import type { Example } from './linear';

/** Pruning options (all off by default). */
export interface MaskOptions {
  /** Minimum number of training documents a bucket must occur in. */
  minDf?: number;
  /** Minimum number of domains a bucket must occur in (≥ `domainMinDocs` documents each). */
  minDomains?: number;
  domainMinDocs?: number;
  /** Value of a bucket failing minDomains: 0 drops it, e.g. 0.5 only down-weights it. */
  topicValue?: number;
  /** The domain of an example (e-commerce category or source). */
  domainOf?: (e: never) => string;
}

/** Per-bucket feature values in [0,1], or null when no pruning is asked for. */
export function featureMask(
  examples: readonly Example[],
  buckets: number,
  o: MaskOptions,
): Float32Array | null {
  const minDf = o.minDf ?? 1;
  const minDomains = o.minDomains ?? 0;
  if (minDf <= 1 && minDomains <= 1) return null;
  const df = new Uint32Array(buckets);
  for (const e of examples) for (let k = 0; k < e.ids.length; k++) df[e.ids[k]]++;
  const mask = new Float32Array(buckets);
  for (let j = 0; j < buckets; j++) mask[j] = df[j] >= minDf ? 1 : 0;
  if (minDomains > 1) {
    if (!o.domainOf) throw new Error('minDomains needs domainOf');
    const domainOf = o.domainOf as (e: Example) => string;
    const byDomain = new Map<string, Example[]>();
    for (const e of examples) {
      const d = domainOf(e);
      const list = byDomain.get(d) ?? [];
      list.push(e);
      byDomain.set(d, list);
    }
    const nDomains = new Uint8Array(buckets);
    const dDf = new Uint16Array(buckets);
    const need = o.domainMinDocs ?? 2;
    for (const list of byDomain.values()) {
      dDf.fill(0);
      for (const e of list) for (let k = 0; k < e.ids.length; k++) dDf[e.ids[k]]++;
      for (let j = 0; j < buckets; j++) if (dDf[j] >= need) nDomains[j]++;
    }
    const low = o.topicValue ?? 0;
    for (let j = 0; j < buckets; j++) if (mask[j] > 0 && nDomains[j] < minDomains) mask[j] = low;
  }
  return mask;
}
