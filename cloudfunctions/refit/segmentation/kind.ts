/**
 * `refit:segmentation`: the shop's own segmentation (common/segment-refit: read → select → fit →
 * publish → guard, one short step at a time), compared with the bundled model when no shop
 * version serves yet. Schedule: schedule.ts.
 */
import { loadSegmentMeta } from '../../common/admin/model-meta';
import { segmentationRefitHandler } from '../../common/segment-refit/handler';
import type { RefitKind } from '../types';
import { segmentationSchedule } from './schedule';

/** The kind as kinds.ts registers it. */
export const segmentationRefit: RefitKind = {
  kind: 'refit:segmentation',
  handler: (env) => segmentationRefitHandler({ db: env.db, store: env.store, now: env.now, shippedMeta: () => loadSegmentMeta() }),
  schedule: segmentationSchedule,
};
