/**
 * Turns a final clustering into segment definitions: centroid z (mean standardised features of
 * members), centroid profile in raw units, size and share, rule-derived names and explanations,
 * and stable ids matched against the previous model.
 */
import type { SegmentationMeta, SegmentDef } from '../segments/meta';
import { nameSegments, type CentroidView } from '../segments/naming';
import { zToRaw, type TransformStats } from '../segments/transform';
import { matchIdentities, type IdentityResult } from './identity';
import { clusterMeans } from './metrics';
import type { Matrix } from './matrix';

const round = (v: number, d = 4) => Number(v.toFixed(d));

/** Typical raw value of each feature (z = 0). */
export const typicalRaw = (t: TransformStats): number[] => zToRaw(new Array(t.mean.length).fill(0), t);

/** Segment definitions in centroid-index order, plus the identity report. */
export function buildSegments(z: Matrix, labels: Int32Array, k: number, t: TransformStats, prev: SegmentationMeta | null): { segments: SegmentDef[]; identity: IdentityResult['report'] } {
  const { means, counts } = clusterMeans(z, labels, k);
  const typical = typicalRaw(t);
  const byName = (v: number[]) => Object.fromEntries(t.names.map((n, j) => [n, v[j]]));
  const views: CentroidView[] = [...Array(k).keys()].map((c) => {
    const cz = Array.from(means.data.subarray(c * z.d, (c + 1) * z.d));
    return { z: byName(cz), raw: byName(zToRaw(cz, t)), typical: byName(typical) };
  });
  const fresh = nameSegments(views);
  const { ids, names, report } = matchIdentities(prev, views, fresh, t);
  const segments = views.map((v, c) => ({
    id: ids[c],
    index: c,
    name: names[c].name,
    rule: names[c].rule,
    explanation: names[c].explanation,
    size: counts[c],
    share: round(counts[c] / z.n),
    profile: Object.fromEntries(Object.entries(v.raw).map(([n, x]) => [n, round(x)])),
    z: t.names.map((n) => round(v.z[n])),
  }));
  return { segments, identity: report };
}
