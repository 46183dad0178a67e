/**
 * Scores one page of profiles and writes what changed: segment, name, reasons, the raw feature
 * values scored (`features` + `featuresAt`), the scored `rev` and the model version; appends
 * `segment_history` for every change of segment.
 * A profile is written only when dirty (its `rev` moved past `segmentedRev`), its segment or
 * name changed, the model changed, or its stored features are stale (see stored-features.ts) —
 * most profiles of a pass cost a read, not a write.
 */
import { computeRawFeatures, FEATURE_SPEC, transformFeature } from '../common/features';
import type { SegmentationModel } from '../common/inference/segmentation';
import { toAssignment } from '../common/inference/segmentation-post';
import type { ProfileDoc } from '../common/profile/types';
import { featuresStale, toStoredFeatures } from '../common/segments/stored-features';
import type { SegmentHistoryDoc, SegmentStore } from './store';

/** Tallies of one page. */
export interface PageTally {
  scored: number;
  written: number;
  changed: number;
}

async function inParallel<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Score `page` at `asOf`; adds each customer's segment to `counts` (by id). */
export async function scorePage(page: ProfileDoc[], asOf: number, model: SegmentationModel, store: SegmentStore, counts: Record<string, number>, runId: string, concurrency: number): Promise<PageTally> {
  // computeRawFeatures once per profile: the model input is its spec transform (exactly what
  // computeFeatures returns) and the plain values feed the reasons.
  const raws = page.map((p) => computeRawFeatures(p, asOf));
  const inputs = raws.map((r) => FEATURE_SPEC.features.map((f) => transformFeature(f, r[f.name])));
  const { segment } = await model.score(inputs);
  const history: SegmentHistoryDoc[] = [];
  const writes: Array<() => Promise<void>> = [];
  let written = 0;
  page.forEach((p, i) => {
    const a = toAssignment(model.meta, segment[i], inputs[i], FEATURE_SPEC.features.map((f) => raws[i][f.name] ?? NaN));
    counts[String(a.segment)] = (counts[String(a.segment)] ?? 0) + 1;
    const rev = typeof p.rev === 'number' ? p.rev : undefined;
    const changed = p.segment !== a.segment;
    const features = toStoredFeatures(raws[i]);
    const dirty = changed || p.segmentName !== a.segmentName || p.segmentPhrase !== a.segmentPhrase || p.modelVersion !== model.meta.version || p.segmentedRev !== (rev ?? null) || featuresStale(p.features, p.featuresAt, features, asOf);
    if (!dirty) return;
    writes.push(async () => {
      const ok = await store.writeSegment(p._id, rev, { ...a, features, featuresAt: asOf, segmentedRev: rev ?? null, modelVersion: model.meta.version });
      if (!ok) return; // the profile moved on meanwhile: still dirty, a later sweep or pass takes it
      written++;
      if (changed) {
        const from = typeof p.segment === 'number' ? p.segment : null;
        history.push({ openid: p._id, from, fromName: (p.segmentName as string | undefined) ?? null, to: a.segment, toName: a.segmentName, at: asOf, modelVersion: model.meta.version, passId: runId });
      }
    });
  });
  await inParallel(writes, concurrency, (w) => w());
  await store.appendHistory(history);
  return { scored: page.length, written, changed: history.length };
}
