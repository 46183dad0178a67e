/** The segmentation serving now — a shop version from the model store, else the shipped model. */
import { SHIPPED, type ModelStore } from '../model-store';
import type { SegmentationMeta } from '../segments/meta';
import { MODEL } from './config';

/** What a candidate is compared with and matched against for stable ids. */
export interface Incumbent {
  /** model-store version, or `shipped` */
  version: string;
  /** null only when no model is installed at all */
  meta: SegmentationMeta | null;
}

/** Read the serving version (pointer + its doc's meta); `shipped()` reads the bundled meta.json. */
export async function readIncumbent(store: ModelStore, shipped: () => SegmentationMeta | null): Promise<Incumbent> {
  const { pointer, serving } = await store.state(MODEL);
  if (pointer?.serving && serving) return { version: pointer.serving, meta: serving.meta as unknown as SegmentationMeta };
  return { version: SHIPPED, meta: shipped() };
}
