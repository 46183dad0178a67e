/**
 * Pure post-processing of the segmentation model's output for one customer: the segment's
 * stable id and Chinese name, and the top reasons in plain Chinese. A customer without an order
 * is not the model's to place: they get the fixed non-buyer group ({@link nonBuyerAssignment}).
 */
import { HAS_PURCHASED_COLUMN, NON_BUYER_GROUP } from '../segments/non-buyers';
import { phraseOfRule } from '../segments/naming';
import { reasonText, segmentReasonsAndFacts, type ReasonFact } from '../segments/reasons';
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

/**
 * The assignment of a customer who has not placed an order (segments/non-buyers.ts): the fixed
 * group, whatever the model would say. Its one reason is the fact that decides it, beside the
 * typical customer's share of buyers (`meta.typical`), worded 「还没有在本店下过单」.
 */
export function nonBuyerAssignment(meta: Pick<SegmentationMeta, 'typical'>): Assignment {
  const fact: ReasonFact = { f: 'has_purchased', v: 0, t: meta.typical?.[HAS_PURCHASED_COLUMN] ?? 1, up: false };
  return {
    segment: NON_BUYER_GROUP.id,
    segmentName: NON_BUYER_GROUP.name,
    segmentPhrase: phraseOfRule(NON_BUYER_GROUP.rule),
    segmentReasons: [reasonText(fact) as string],
    segmentReasonFacts: [fact],
  };
}
