/** The last step of the segmentation refit: the model store's guard on the published candidate. */
import type { StepOutcome } from '../jobs';
import type { ModelStore } from '../model-store';
import type { SegmentationMeta } from '../segments/meta';
import { MIN_HELD_OUT, MIN_SILHOUETTE_GAIN, MODEL, STABILITY_FLOOR } from './config';
import { segmentRefitSummary } from './summary';

/** What the publish step leaves for the guard. */
export interface PublishedState {
  version: string;
  incumbentVersion: string;
  heldOut: { candidate: number; incumbent: number; heldOut: number };
  stabilityAri: number;
  k: number;
  customers: number;
  identity: SegmentationMeta['identity'];
}

/** Judge and (maybe) promote; the run's result says what happened, in Chinese for staff. */
export async function guardCandidate(store: ModelStore, by: string, p: PublishedState): Promise<StepOutcome> {
  const g = await store.guard({
    model: MODEL,
    version: p.version,
    evaluation: {
      metric: 'heldout_silhouette',
      candidate: p.heldOut.candidate,
      incumbent: p.heldOut.incumbent,
      heldOut: p.heldOut.heldOut,
      incumbentVersion: p.incumbentVersion,
      floors: [{ name: 'stability_ari', value: p.stabilityAri, min: STABILITY_FLOOR }],
    },
    rule: { higherIsBetter: true, minGain: MIN_SILHOUETTE_GAIN, minHeldOut: MIN_HELD_OUT },
    by,
  });
  const summary = segmentRefitSummary({ version: p.version, k: p.k, customers: p.customers, promoted: g.promoted, serving: g.serving, evaluation: g.evaluation });
  return {
    done: true,
    result: { outcome: g.promoted ? 'promoted' : 'rejected', version: p.version, serving: g.serving, k: p.k, customers: p.customers, evaluation: g.evaluation, identity: p.identity, summary },
  };
}
