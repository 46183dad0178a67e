/**
 * Where the track function gets its sentiment scorer. The model lives in
 * `cloudfunctions/common/inference` (models-sentiment); until it is wired in here, reviews are
 * stored unscored (see score-reviews).
 */
import type { SentimentScorer } from './context';

let scorer: SentimentScorer | null | undefined;

/** The scorer of this container (created once), or null when no model is available. */
export function getScorer(): SentimentScorer | null {
  if (scorer === undefined) scorer = null;
  return scorer;
}
