/**
 * The trained sentiment ensemble and its TypeScript reference: K calibrated linear members over
 * the same bucket ids; z_k = b_k + s·Σ W_k[id] with s = 1/sqrt(n); positive = mean_k σ(z_k).
 * The ONNX graph (export.ts) computes exactly this; the parity test holds it to 1e-5.
 */

/** One calibrated member (Platt scaling already folded into weight and bias). */
export interface EnsembleMember {
  name: string;
  weight: Float32Array;
  bias: number;
}

/** The whole model. */
export interface SentimentEnsemble {
  buckets: number;
  members: EnsembleMember[];
}

/** Member logits for one example's ids. */
export function memberLogits(m: SentimentEnsemble, ids: ArrayLike<number>): number[] {
  const s = ids.length > 0 ? Math.fround(1 / Math.sqrt(ids.length)) : 0;
  return m.members.map((mem) => {
    let z = 0;
    for (let k = 0; k < ids.length; k++) z += mem.weight[ids[k]];
    return mem.bias + s * z;
  });
}

/** Probability of "positive" for one example (reference implementation). */
export function ensembleProbability(m: SentimentEnsemble, ids: ArrayLike<number>): number {
  const zs = memberLogits(m, ids);
  return zs.reduce((a, z) => a + 1 / (1 + Math.exp(-z)), 0) / zs.length;
}
