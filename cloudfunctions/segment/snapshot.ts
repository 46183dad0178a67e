/** Builds the `segment_runs` snapshot at the end of a full pass (distribution + PSI vs the previous run). */
import { psi, psiLevel, toShares } from '../common/segments/psi';
import type { SegmentationMeta } from '../common/segments/meta';
import { NON_BUYER_GROUP } from '../common/segments/non-buyers';
import type { SegmentJobDoc, SegmentRunDoc } from './store';

/** The snapshot of the pass recorded in `job`, finished at `now`. */
export function buildRun(job: SegmentJobDoc, meta: SegmentationMeta, previous: SegmentRunDoc | null, now: number): SegmentRunDoc {
  const total = Object.values(job.counts).reduce((a, b) => a + b, 0);
  const shares = toShares(job.counts);
  const value = previous && previous.total > 0 && total > 0 ? psi(previous.counts, job.counts) : null;
  return {
    _id: job.passId as string,
    startedAt: job.passStartedAt ?? now,
    finishedAt: now,
    modelVersion: meta.version,
    total,
    counts: job.counts,
    shares,
    // the model's segments and the fixed group of customers without an order (segments/non-buyers.ts)
    segments: [...meta.segments, NON_BUYER_GROUP].map((s) => ({ id: s.id, name: s.name, count: job.counts[String(s.id)] ?? 0, share: shares[String(s.id)] ?? 0 })),
    previousRunId: previous?._id ?? null,
    psi: value,
    psiLevel: value === null ? null : psiLevel(value),
    nonBuyerGroup: true,
    // The first pass after the non-buyer group arrived moves every non-buyer out of a buyer segment.
    ...(previous && previous.nonBuyerGroup !== true ? { ruleChanged: true as const } : {}),
  };
}
