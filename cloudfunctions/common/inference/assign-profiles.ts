/**
 * Segment assignment of a page of profiles, end to end: profile → raw features → model input
 * (spec transform) → buyers: one graph run per {@link SEGMENTATION_BATCH} rows → stable id, name
 * and reasons; customers without an order: the fixed non-buyer group (segments/non-buyers.ts). The segment job (score-page.ts) and `npm run bench -- segments` both run this, so the
 * published throughput is the product's. Rows live in two flat typed arrays instead of a record
 * and an array per customer: the allocations were a large part of the time per profile.
 */
import { computeRawFeatures, FEATURE_SPEC, transformFeature } from '../features/compute-features';
import type { ReducedProfile } from '../profile/types';
import type { SegmentationModel } from './segmentation';
import { isBuyerRow } from '../segments/non-buyers';
import { nonBuyerAssignment, toAssignment, type Assignment } from './segmentation-post';

const SPEC = FEATURE_SPEC.features;
const F = SPEC.length;

/** Assignments of a page plus the feature rows they came from (row-major [n, F], spec order). */
export interface AssignedPage {
  assignments: Assignment[];
  /** plain feature values (days, counts, yuan); NaN = missing */
  raw: Float64Array;
  /** model inputs: the spec transform of `raw` (missing filled, clipped, log1p) */
  input: Float64Array;
  /** features per row */
  width: number;
}

/** Assigns every profile of `page`, each at `asOf` (one time for the page, or one per profile). */
export async function assignProfiles(
  model: SegmentationModel,
  page: readonly ReducedProfile[],
  asOf: number | readonly number[],
): Promise<AssignedPage> {
  const n = page.length;
  const raw = new Float64Array(n * F);
  const input = new Float64Array(n * F);
  for (let i = 0; i < n; i++) {
    const r = computeRawFeatures(page[i], typeof asOf === 'number' ? asOf : asOf[i]);
    for (let j = 0, o = i * F; j < F; j++, o++) {
      const v = r[SPEC[j].name];
      raw[o] = v ?? NaN;
      input[o] = transformFeature(SPEC[j], v ?? null);
    }
  }
  // The model decides among buyers only (segments/non-buyers.ts): their rows go to the graph,
  // packed together; every other customer is the fixed non-buyer group.
  const buyers: number[] = [];
  for (let i = 0; i < n; i++) if (isBuyerRow(input, i * F)) buyers.push(i);
  const x = buyers.length === n ? input : new Float64Array(buyers.length * F);
  if (x !== input) buyers.forEach((i, b) => x.set(input.subarray(i * F, (i + 1) * F), b * F));
  const { segment } = buyers.length ? await model.scoreMatrix(x, buyers.length) : { segment: [] as number[] };
  const assignments = new Array<Assignment>(n);
  for (let i = 0; i < n; i++) assignments[i] = nonBuyerAssignment(model.meta);
  buyers.forEach((i, b) => {
    assignments[i] = toAssignment(model.meta, segment[b], input.subarray(i * F, (i + 1) * F), raw.subarray(i * F, (i + 1) * F));
  });
  return { assignments, raw, input, width: F };
}
