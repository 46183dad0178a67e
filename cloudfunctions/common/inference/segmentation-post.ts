/**
 * Pure post-processing of the segmentation model's output for one customer: the segment's
 * stable id and Chinese name, and the top reasons in plain Chinese.
 */
import { phraseOfRule } from '../segments/naming';
import { segmentReasonsAndFacts, type ReasonFact } from '../segments/reasons';
import type { SegmentationMeta } from '../segments/meta';
import { standardise } from '../segments/transform';

/** What the segment job writes onto a profile. */
export interface Assignment {
  segment: number;
  segmentName: string;
  /** ≤ 5 Chinese characters, no symbols (subscribe-message `phrase` fields) */
  segmentPhrase: string;
  /** the reasons in the words of this pass, for readers deployed before the facts (ours read the facts) */
  segmentReasons: string[];
  /** the reasons' figures, worded on read (segments/reasons.ts storedReasons) */
  segmentReasonFacts: ReasonFact[];
}

// Scratch for the shown values: read synchronously by segmentReasons, never kept (one per customer
// per pass would be garbage).
const SHOWN = new Float64Array(64);

/** Unknown segment id in the model output (a corrupt model): refuse rather than write garbage. */
export class UnknownSegmentError extends Error {
  override name = 'UnknownSegmentError';
}

/**
 * @param input model-input features (computeFeatures) of the customer
 * @param raw plain feature values (computeRawFeatures, spec order; NaN when missing)
 */
export function toAssignment(
  meta: SegmentationMeta,
  segmentId: number,
  input: ArrayLike<number>,
  raw: ArrayLike<number>,
): Assignment {
  const seg = meta.segments.find((s) => s.id === segmentId);
  if (!seg)
    throw new UnknownSegmentError(`model ${meta.version} returned segment ${segmentId}, not in meta.json`);
  const z = standardise(input, meta.transform);
  // A missing value reads as the value the model used for it (the spec's fill, in raw units).
  const t = meta.transform;
  const shown = raw.length <= SHOWN.length ? SHOWN : new Float64Array(raw.length);
  for (let j = 0; j < raw.length; j++) {
    const v = raw[j];
    shown[j] = Number.isFinite(v) ? v : t.log1p[j] ? Math.expm1(t.fill[j]) : t.fill[j];
  }
  const reasons = segmentReasonsAndFacts(meta.featureNames, shown, z, seg.z, meta.typical);
  return {
    segment: seg.id,
    segmentName: seg.name,
    segmentPhrase: phraseOfRule(seg.rule),
    segmentReasons: reasons.texts,
    segmentReasonFacts: reasons.facts,
  };
}
