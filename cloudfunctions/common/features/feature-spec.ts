/**
 * The profile feature spec (`models/feature-spec.json`), typed, in one place: the feature code,
 * the segmentation transform, training and the model registry's hash check all read it here.
 */
import spec from '../../../models/feature-spec.json';

/** One entry of the feature spec. */
export interface FeatureSpecEntry {
  name: string;
  desc: string;
  transform: 'log1p' | 'none';
  clip: [number, number];
  missing?: number;
}

/** The feature spec (version + ordered features). */
export const FEATURE_SPEC = spec as unknown as { version: number; features: FeatureSpecEntry[] };

/** Feature names in model input order. */
export const FEATURE_NAMES: string[] = FEATURE_SPEC.features.map((f) => f.name);
