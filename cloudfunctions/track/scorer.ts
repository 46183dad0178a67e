/**
 * The track function's sentiment scorer: models-sentiment's `scoreSentiment` (ONNX, session created
 * once per container). Loaded lazily on the first review so batches without reviews never pay for
 * the runtime; if the model cannot load, reviews are stored unscored and the reason is logged
 * (score-reviews), and loading is retried on a later batch.
 */
import type { SentimentScorer } from './context';

let loaded: SentimentScorer | undefined;

/** The scorer of this container. */
export function getScorer(): SentimentScorer {
  return async (texts) => {
    if (!loaded) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('../common/inference/sentiment') as { scoreSentiment: SentimentScorer };
      loaded = mod.scoreSentiment;
    }
    return loaded(texts);
  };
}
