/**
 * Accuracy under a known class-prior shift (Saerens et al. 2002): when the target's positive rate
 * π_t differs from the training data's π_s, the Bayes decision moves to odds(p) > odds(π_s)/odds(π_t).
 * Reported next to the plain out-of-domain estimate only: the shipped threshold stays 0.5, because
 * the held-back hotel corpus's prior is unknown (tuning it to waimai's 1/3 would fit the proxy).
 */
import { ensembleProbability, type SentimentEnsemble } from '../../../cloudfunctions/common/sentiment-model';
import type { Example } from './linear';

/** Plain and prior-shifted accuracy of `model` on `target`, whose own positive rate is used as π_t. */
export function priorShiftedAccuracy(
  model: SentimentEnsemble,
  target: readonly Example[],
  train: readonly { label: 0 | 1 }[],
): { trainPositiveRate: number; targetPositiveRate: number; threshold: number; accuracy: number } {
  const rate = (xs: readonly { label: 0 | 1 }[]) => xs.reduce((a, x) => a + x.label, 0) / xs.length;
  const ps = rate(train);
  const pt = rate(target);
  const odds = (p: number) => p / (1 - p);
  const k = odds(ps) / odds(pt); // predict positive when odds(p) > k
  const threshold = k / (1 + k);
  let right = 0;
  for (const e of target) if ((ensembleProbability(model, e.ids) >= threshold ? 1 : 0) === e.label) right++;
  return { trainPositiveRate: ps, targetPositiveRate: pt, threshold, accuracy: right / target.length };
}
