/**
 * Review texts for seeded reviews: real Chinese e-commerce reviews from the sentiment corpus
 * (`sentiment/online_shopping_9cats.csv`, both labels, ≤ 300 characters) when present, else
 * composed ones (built-in-reviews.ts). The track function scores them with the real sentiment model.
 *
 * Only reviews of the corpus's UNTOUCHED test split are used: the shipped sentiment model was
 * trained on the rest, so a shop refit's back-test against it (staff's 重新训练) would otherwise
 * judge the default model on texts it learned from and flatter it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseReviewsCsv } from '../eval/reviews';
import { rng, shuffle } from '../replay/rng';
import { builtInReviews } from './built-in-reviews';
import { SENTIMENT_FILES } from '../train/sentiment/data';
import { testSplit } from '../train/sentiment/splits';

/** A review text and whether the corpus labels it positive. */
export interface SeedReview {
  text: string;
  positive: boolean;
  /** Stars given; absent: 5 for a positive text, 2 for a negative one. */
  rating?: number;
}


/**
 * Up to `n` reviews (seeded order) of the untouched test split (~4,700 usable), or of the whole
 * corpus with `wholeCorpus` (scale tests that need more texts and judge no model on them).
 */
export function loadReviews(
  sharedDataDir: string | null,
  n: number,
  seed = 5,
  { wholeCorpus = false }: { wholeCorpus?: boolean } = {},
): SeedReview[] {
  const file = sharedDataDir ? path.join(sharedDataDir, 'sentiment', SENTIMENT_FILES.shop) : '';
  if (!file || !fs.existsSync(file)) return builtInReviews(n, seed);
  const shop = parseReviewsCsv(fs.readFileSync(file, 'utf8'), 'shop');
  const rows = wholeCorpus ? shop : testSplit({ shop, waimai: [] }).test.shop;
  const all = rows
    .map((r) => ({ text: r.text.trim(), positive: r.label === 1 }))
    .filter((r) => r.text.length >= 6 && r.text.length <= 300);
  return shuffle(all, rng(seed)).slice(0, n);
}
