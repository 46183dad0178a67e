/**
 * The sentiment featurizer's specification: every knob that changes which bucket ids a text
 * yields. Its hash (with {@link FEATURIZER_VERSION}) is stored in the model's meta.json and checked
 * at load time, so a model is never fed features it was not trained on.
 */
import { createHash } from 'node:crypto';

/** Bump whenever the featurisation ALGORITHM changes (the golden tests will remind you). */
export const FEATURIZER_VERSION = 3;

/** What to extract from a text, and how to hash it. */
export interface SentimentFeatureSpec {
  /** Number of hash buckets (power of two); bucket ids are in [0, buckets). */
  buckets: number;
  /** Normalisation: runs of one character longer than this are shortened. */
  maxRepeat: number;
  /** Long texts keep their first `headChars` and last `tailChars` characters. */
  headChars: number;
  tailChars: number;
  /** Character n-gram orders, e.g. [1, 2, 3]. */
  charNgrams: number[];
  /** Word n-gram orders from the pure-TS segmenter ([] = no word features). */
  wordNgrams: number[];
  /** Negation cues (single characters); the following units are marked as negated. */
  negationCues: string;
  /** How many characters after a cue are in its scope (stops at punctuation). */
  negationWindow: number;
  /** Characters that end a negation scope (and a clause). */
  scopeBreakers: string;
  /** Char n-gram orders of the text's LAST clause, in their own namespace (absent = none). */
  finalClauseNgrams?: number[];
  /**
   * Contrast cues (e.g. 但, 不过): char n-grams (orders `contrastNgrams`) of the clause after the
   * last cue, in their own namespace — the turn after "but" usually carries the polarity.
   */
  contrastCues?: string[];
  contrastNgrams?: number[];
}

/** The spec the shipped sentiment model uses. */
export const SENTIMENT_FEATURE_SPEC: SentimentFeatureSpec = {
  buckets: 1 << 20,
  maxRepeat: 3,
  headChars: 300,
  tailChars: 100,
  charNgrams: [1, 2, 3],
  wordNgrams: [],
  negationCues: '不没别无未非',
  negationWindow: 4,
  scopeBreakers: ',.!?;:~，。！？；：、…\n ',
};

/** sha256 (hex) of the featurizer version + spec in canonical key order. */
export function featurizerHash(spec: SentimentFeatureSpec): string {
  const canonical = JSON.stringify(
    { version: FEATURIZER_VERSION, ...spec },
    Object.keys({ version: 0, ...spec }).sort(),
  );
  return createHash('sha256').update(canonical).digest('hex');
}
