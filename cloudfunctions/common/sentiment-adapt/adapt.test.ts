import fc from 'fast-check';
import { ensembleProbability, binaryMetrics, type SentimentEnsemble } from '../sentiment-model';
import { mulberry32 } from '../../../scripts/lib/random';
import { adaptSentiment, ADAPT_POLICY, type RatedReview } from './adapt';
import { sliceOf } from './slices';

const V = 256;
/** A base model that knows "good" (id 1) and "bad" (id 2) and nothing about the shop's own words. */
function baseModel(): SentimentEnsemble {
  const w = new Float32Array(V);
  w[1] = 3;
  w[2] = -3;
  return { buckets: V, members: [{ name: 'a', weight: w, bias: 0.2 }, { name: 'b', weight: w.slice(), bias: 0.2 }] };
}

/**
 * A synthetic shop: a review is positive with probability `pPos`; it carries the shop's own
 * polarity word (id 10 positive / 11 negative) and, with probability `generic`, "good"/"bad";
 * plus noise ids. `flip` mislabels that share of reviews.
 */
function shop(n: number, seed: number, o: { pPos?: number; generic?: number; flip?: number } = {}): RatedReview[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const pos = rand() < (o.pPos ?? 0.6);
    const ids = new Set<number>([pos ? 10 : 11]);
    if (rand() < (o.generic ?? 0.5)) ids.add(pos ? 1 : 2);
    while (ids.size < 8) ids.add(20 + Math.floor(rand() * (V - 20)));
    const label = (rand() < (o.flip ?? 0) ? !pos : pos) ? 1 : 0;
    return { key: `r${seed}-${i}`, ids: Int32Array.from(ids), label } as RatedReview;
  });
}

describe('adaptSentiment', () => {
  it('learns the shop’s own polarity words and ships when it beats the base on the held-back reviews', () => {
    const out = adaptSentiment(baseModel(), shop(800, 1));
    expect(out.adapted).toBe(true);
    expect(out.reason).toBe('guard_passed');
    expect(out.nFit + out.nHoldout).toBe(800);
    expect(out.nHoldout).toBeGreaterThan(100);
    expect(out.guard!.adapted.balanced_accuracy).toBeGreaterThan(out.guard!.base.balanced_accuracy + 0.1);
    // A fresh shop from the same distribution: the adapted model generalises.
    const fresh = shop(2000, 99);
    const acc = (m: SentimentEnsemble) =>
      binaryMetrics(
        fresh.map((r) => ensembleProbability(m, r.ids)),
        fresh.map((r) => r.label),
      ).balanced_accuracy;
    expect(acc(out.model!)).toBeGreaterThan(acc(baseModel()) + 0.1);
  });

  it('keeps the base when the base is already right on the shop (nothing to gain beyond the margin)', () => {
    const out = adaptSentiment(baseModel(), shop(800, 2, { generic: 1 }));
    expect(out.guard!.base.balanced_accuracy).toBe(1);
    expect(out.adapted).toBe(false);
    expect(out.reason).toBe('guard_rejected');
    expect(out.model).toBeUndefined();
  });

  it('is not tried below the minimum number of reviews or of either class', () => {
    expect(adaptSentiment(baseModel(), shop(ADAPT_POLICY.minReviews - 1, 3)).reason).toBe('too_few_reviews');
    expect(adaptSentiment(baseModel(), shop(800, 4, { pPos: 0.99 })).reason).toBe('too_few_per_class');
  });

  it('GUARD: whatever the shop, a shipped model beat the base by the margin on reviews it never fitted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 900 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        (n, seed, generic, flip, pPos) => {
          const reviews = shop(n, seed, { generic, flip, pPos });
          const out = adaptSentiment(baseModel(), reviews);
          if (!out.adapted) {
            expect(out.model).toBeUndefined();
            return;
          }
          // Recompute the guard independently on the held-back slice.
          const held = reviews.filter((r) => sliceOf(r.key, ADAPT_POLICY.holdoutShare).holdout);
          const ba = (m: SentimentEnsemble) =>
            binaryMetrics(
              held.map((r) => ensembleProbability(m, r.ids)),
              held.map((r) => r.label),
            ).balanced_accuracy;
          expect(held.length).toBe(out.nHoldout);
          // margin 0 means strictly better; a positive margin means at least that much better.
          if (ADAPT_POLICY.margin > 0) expect(ba(out.model!)).toBeGreaterThanOrEqual(ba(baseModel()) + ADAPT_POLICY.margin);
          else expect(ba(out.model!)).toBeGreaterThan(ba(baseModel()));
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  });
});

describe('sliceOf', () => {
  it('holds back about the given share, deterministically, and a review keeps its slice', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `review-${i}`);
    const held = keys.filter((k) => sliceOf(k, 0.2).holdout).length / keys.length;
    expect(held).toBeGreaterThan(0.18);
    expect(held).toBeLessThan(0.22);
    for (const k of keys.slice(0, 50)) expect(sliceOf(k, 0.2)).toEqual(sliceOf(k, 0.2));
    // Adding reviews never moves an old one: the slice depends on the key alone.
    expect(keys.filter((k) => sliceOf(k, 0.2).holdout).slice(0, 100)).toEqual(
      keys.slice(0, 2000).filter((k) => sliceOf(k, 0.2).holdout).slice(0, 100),
    );
  });
});
