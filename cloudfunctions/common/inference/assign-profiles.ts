/**
 * Segment assignment of a page of profiles, end to end: profile → raw features → model input
 * (spec transform) → one graph run per {@link SEGMENTATION_BATCH} rows → stable id, name and
 * reasons. The segment job (score-page.ts) and `npm run bench -- segments` both run this, so the
 * published throughput is the product's. Rows live in two flat typed arrays instead of a record
 * and an array per customer: the allocations were a large part of the time per profile.
 */
import { computeRawFeatures, FEATURE_SPEC, transformFeature } from '../features/compute-features';
import type { ReducedProfile } from '../profile/types';
import type { SegmentationModel } from './segmentation';
import { toAssignment, type Assignment } from './segmentation-post';

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
  const { segment } = await model.scoreMatrix(input, n);
  const assignments = new Array<Assignment>(n);
  for (let i = 0; i < n; i++)
    assignments[i] = toAssignment(model.meta, segment[i], input.subarray(i * F, (i + 1) * F), raw.subarray(i * F, (i + 1) * F));
  return { assignments, raw, input, width: F };
}
