/**
 * Scores one page of profiles and writes what changed: segment, name, reasons, the raw feature
 * values scored (`features` + `featuresAt`), the scored `rev` and the model version; appends
 * `segment_history` for every change of segment.
 * A profile is written only when dirty (its `rev` moved past `segmentedRev`), its segment or
 * name changed, the model changed, or its stored features are stale (see stored-features.ts) —
 * most profiles of a pass cost a read, not a write.
 */
import { assignProfiles } from '../common/inference/assign-profiles';
import type { SegmentationModel } from '../common/inference/segmentation';
import type { ProfileDoc } from '../common/profile/types';
import { currentSegmentName } from '../common/segments/display-name';
import { featuresStale, storedFeaturesOfRow } from '../common/segments/stored-features';
import type { ProfileSegmentFields, SegmentHistoryDoc, SegmentStore } from './store';

/** Tallies of one page. */
export interface PageTally {
  scored: number;
  written: number;
  changed: number;
}

/** One history entry per customer per pass (or sweep): a re-run of a page cannot duplicate it. */
export const historyId = (runId: string, openid: string): string => `${runId}:${openid}`;

async function inParallel<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Score `page` at `asOf`; adds each customer's segment to `counts` (by id). */
export async function scorePage(page: ProfileDoc[], asOf: number, model: SegmentationModel, store: SegmentStore, counts: Record<string, number>, runId: string, concurrency: number): Promise<PageTally> {
  const { assignments, raw, width } = await assignProfiles(model, page, asOf);
  const history = new Map<string, SegmentHistoryDoc>();
  const writes: Array<{ p: ProfileDoc; rev: number | undefined; fields: ProfileSegmentFields }> = [];
  // The page was read just before `asOf`: a customer erased since is neither written nor recorded.
  const erased = (await store.erasedSince?.(asOf)) ?? (() => false);
  page.forEach((p, i) => {
    if (erased(p._id)) return;
    const a = assignments[i];
    counts[String(a.segment)] = (counts[String(a.segment)] ?? 0) + 1;
    const rev = typeof p.rev === 'number' ? p.rev : undefined;
    const changed = p.segment !== a.segment;
    const features = storedFeaturesOfRow(raw.subarray(i * width, (i + 1) * width));
    // A profile segmented before the reasons' facts were stored gets them once (its words then follow today's rules).
    const dirty = changed || !Array.isArray(p.segmentReasonFacts) || p.segmentName !== a.segmentName || p.segmentPhrase !== a.segmentPhrase || p.modelVersion !== model.meta.version || p.segmentedRev !== (rev ?? null) || featuresStale(p.features, p.featuresAt, features, asOf);
    if (!dirty) return;
    writes.push({ p, rev, fields: { ...a, features, featuresAt: asOf, segmentedRev: rev ?? null, modelVersion: model.meta.version } });
    if (changed) {
      const from = typeof p.segment === 'number' ? p.segment : null;
      // The name the profile carried, in today's words: a profile last segmented before a rename
      // (display-name.ts) would otherwise record the old name beside the new one for one segment.
      history.set(p._id, { _id: historyId(runId, p._id), openid: p._id, from, fromName: typeof p.segmentName === 'string' ? currentSegmentName(p.segmentName) : null, to: a.segment, toName: a.segmentName, at: asOf, modelVersion: model.meta.version, passId: runId });
    }
  });
  // History first (idempotent ids), then the profiles: an invocation killed between the two
  // leaves entries whose profiles still show the old segment, so the resumed page sees the same
  // change and its insert is a no-op. Written first the other way round, the resumed page would
  // see no change and the entries would be lost.
  await store.appendHistory([...history.values()]);
  const lost: string[] = [];
  let written = 0;
  await inParallel(writes, concurrency, async (w) => {
    const ok = await store.writeSegment(w.p._id, w.rev, w.fields);
    if (ok) written++;
    // the profile moved on meanwhile: still dirty, a later sweep or pass takes it — and records its change then
    else if (history.has(w.p._id)) lost.push(historyId(runId, w.p._id));
  });
  if (lost.length) await store.removeHistory(lost);
  await takeBackErased(store, writes, asOf, erased, runId);
  return { scored: page.length, written, changed: history.size - lost.length };
}

/**
 * An erasure marked while the page was being written: a write conditional on `rev` can still land
 * on a profile re-created after the erasure's removal with an equal `rev`. The mark precedes the
 * removal, so asking again now sees it; the fields and history written from the old profile go.
 */
async function takeBackErased(store: SegmentStore, writes: Array<{ p: ProfileDoc }>, asOf: number, before: (openid: string) => boolean, runId: string): Promise<void> {
  const now = await store.erasedSince?.(asOf);
  if (!now) return;
  const late = writes.filter((w) => now(w.p._id) && !before(w.p._id)).map((w) => w.p._id);
  for (const id of late) await store.forgetSegment?.(id);
  if (late.length) await store.removeHistory(late.map((id) => historyId(runId, id)));
}
