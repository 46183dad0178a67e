/**
 * Naive-Bayes log-count ratios over hashed binary features: the NBSVM member's feature values in
 * training, and the shop-specific evidence a shop's adapted model adds to the base model.
 */

/** A featurised, labelled review (bucket ids from the shared featurizer; 1 = positive). */
export interface Example {
  ids: Int32Array;
  label: 0 | 1;
}

/**
 * NB log-count ratios r = log((p/|p|₁)/(q/|q|₁)) with smoothing alpha (Wang & Manning 2012),
 * over binarised features. Buckets never seen get r = 0 (they contribute nothing).
 */
export function nbRatios(examples: readonly Example[], buckets: number, alpha = 1): Float32Array {
  const p = new Float64Array(buckets);
  const q = new Float64Array(buckets);
  const seen = new Uint8Array(buckets);
  for (const ex of examples) {
    const t = ex.label === 1 ? p : q;
    for (let k = 0; k < ex.ids.length; k++) {
      t[ex.ids[k]] += 1;
      seen[ex.ids[k]] = 1;
    }
  }
  let sp = 0;
  let sq = 0;
  for (let j = 0; j < buckets; j++) {
    sp += p[j] + alpha;
    sq += q[j] + alpha;
  }
  const r = new Float32Array(buckets);
  for (let j = 0; j < buckets; j++) {
    if (seen[j]) r[j] = Math.log((p[j] + alpha) / sp) - Math.log((q[j] + alpha) / sq);
  }
  return r;
}
