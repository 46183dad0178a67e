/**
 * The shop's correction of the base sentiment model: logistic regression on the shop's rated
 * reviews with the base model's logit as an OFFSET. z = a·z_b + c + s·Σ Δ[id], where z_b is the
 * base's mean member logit, s = 1/sqrt(n) as in the graph, and Δ is a per-bucket correction
 * trained with AdaGrad and L2 toward zero — so the shop's reviews only have to teach what the base
 * gets wrong there (house vocabulary, a dish, "凉了"), while a and c re-scale the base's
 * confidence and absorb the shop's class prior (most shops are mostly positive). Everything is
 * linear in the same buckets, so the result is ONE linear member W' = a·W̄ + Δ, b' = a·b̄ + c:
 * the base's graph, half its size. (Stacking the base with a cross-fitted naive Bayes score was
 * measured first and gained less; report.md.)
 */
import { mulberry32, shuffle } from '../random';
import { memberLogits, type SentimentEnsemble } from '../sentiment-model/ensemble';
import type { Example } from '../sentiment-model/nb';

/** Fitting knobs (chosen on our development rows of held-out domains, see report.md). */
export interface CorrectionOptions {
  /** Passes over the shop's reviews. */
  epochs: number;
  /** AdaGrad learning rate of Δ and c (a learns 10× slower: it re-scales every feature at once). */
  lr: number;
  /** L2 pull of Δ toward zero (toward the base model). */
  l2: number;
  /** Seed of the example order. */
  seed: number;
}

/** The defaults the product runs. */
export const CORRECTION_DEFAULTS: CorrectionOptions = { epochs: 3, lr: 0.3, l2: 0.001, seed: 1 };

/** Scalars of a fitted correction (recorded on the model card). */
export interface Correction {
  /** Scale of the base logit. */
  a: number;
  /** Bias shift. */
  c: number;
  /** Buckets the correction changed. */
  buckets: number;
}

/** Mean of the base members' weights and biases (z_b is linear in them). */
function meanMember(base: SentimentEnsemble): { weight: Float32Array; bias: number } {
  const K = base.members.length;
  const weight = new Float32Array(base.buckets);
  let bias = 0;
  for (const m of base.members) {
    for (let j = 0; j < base.buckets; j++) weight[j] += m.weight[j] / K;
    bias += m.bias / K;
  }
  return { weight, bias };
}

/** Fits the correction on `examples` and returns the adapted single-member model. */
export function fitCorrection(
  base: SentimentEnsemble,
  examples: readonly Example[],
  o: CorrectionOptions = CORRECTION_DEFAULTS,
): { model: SentimentEnsemble; correction: Correction } {
  const V = base.buckets;
  const delta = new Float32Array(V);
  const G = new Float32Array(V).fill(1e-6);
  const zb = examples.map((e) => {
    const zs = memberLogits(base, e.ids);
    return zs.reduce((x, z) => x + z, 0) / zs.length;
  });
  let a = 1;
  let c = 0;
  let Ga = 1e-6;
  let Gc = 1e-6;
  const order = examples.map((_, i) => i);
  const rand = mulberry32(o.seed);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rand);
    for (const i of order) {
      const ids = examples[i].ids;
      const s = ids.length > 0 ? 1 / Math.sqrt(ids.length) : 0;
      let z = a * zb[i] + c;
      for (let k = 0; k < ids.length; k++) z += s * delta[ids[k]];
      const g = 1 / (1 + Math.exp(-z)) - examples[i].label;
      for (let k = 0; k < ids.length; k++) {
        const j = ids[k];
        const grad = g * s + o.l2 * delta[j];
        G[j] += grad * grad;
        delta[j] -= (o.lr * grad) / Math.sqrt(G[j]);
      }
      Gc += g * g;
      c -= (o.lr * g) / Math.sqrt(Gc);
      const ga = g * zb[i];
      Ga += ga * ga;
      a -= (0.1 * o.lr * ga) / Math.sqrt(Ga);
    }
  }
  const mean = meanMember(base);
  const weight = new Float32Array(V);
  let changed = 0;
  for (let j = 0; j < V; j++) {
    weight[j] = a * mean.weight[j] + delta[j];
    if (delta[j] !== 0) changed++;
  }
  return {
    model: { buckets: V, members: [{ name: 'adapted', weight, bias: a * mean.bias + c }] },
    correction: { a, c, buckets: changed },
  };
}
