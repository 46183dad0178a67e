/** Sentiment post-processing (pure): the graph's `positive` column → labelled scores. */

/** One review's sentiment. `positive` is the calibrated probability the review is positive. */
export interface SentimentScore {
  positive: number;
  label: 'positive' | 'negative';
}

/** Turns the `positive` output ([B,1]) into scores; `threshold` from meta.json (default 0.5). */
export function decodeSentiment(
  positive: ArrayLike<number>,
  expected: number,
  threshold = 0.5,
): SentimentScore[] {
  if (positive.length !== expected)
    throw new RangeError(`expected ${expected} scores, got ${positive.length}`);
  const out: SentimentScore[] = new Array(expected);
  for (let i = 0; i < expected; i++) {
    const p = Math.min(1, Math.max(0, positive[i]));
    out[i] = { positive: p, label: p >= threshold ? 'positive' : 'negative' };
  }
  return out;
}
