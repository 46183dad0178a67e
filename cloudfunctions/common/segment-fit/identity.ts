/**
 * Stable segment identities across retraining: new centroids are matched to the previous
 * model's by the Hungarian algorithm on distances between centroid profiles, both expressed in
 * the NEW model's standardised feature space (raw profile → spec transform → standardise).
 * A matched pair keeps its id, and its name while the old naming rule still fits the new
 * centroid (else it is renamed); unmatched new centroids get fresh ids; unmatched old ones retire.
 */
import { FEATURE_SPEC } from '../inference/feature-spec-hash';
import type { SegmentationMeta } from '../segments/meta';
import { currentSegmentName } from '../segments/display-name';
import { DEFAULT_RULE, explainCentroid, NAMING_RULES, ruleFits, type CentroidView, type SegmentName } from '../segments/naming';
import { standardise, type TransformStats } from '../segments/transform';
import { hungarian } from './hungarian';

/**
 * Matched pairs farther apart than this (Euclidean, in z units) are treated as different
 * segments — or, for a centroid far out in the tail, farther than {@link MATCH_RELATIVE} of its
 * own distance from the population centre (a small group of heavy users moves more in absolute
 * terms and is still the same group).
 */
export const MATCH_MAX_DISTANCE = 2;
export const MATCH_RELATIVE = 0.35;

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** Result of matching: per new centroid its id and name, plus the change report. */
export interface IdentityResult {
  ids: number[];
  names: SegmentName[];
  report: SegmentationMeta['identity'] & { distances: { id: number; distance: number }[] };
}

/** Raw profile (by feature name) → z in the standardiser `t`. */
export function profileToZ(profile: Record<string, number>, t: TransformStats): number[] {
  const x = FEATURE_SPEC.features.map((f) => {
    const v = profile[f.name];
    if (v === undefined || Number.isNaN(v)) return NaN;
    const c = Math.min(f.clip[1], Math.max(f.clip[0], v));
    return f.transform === 'log1p' ? Math.log1p(c) : c;
  });
  return standardise(x, t);
}

/** Match new centroids (`views`, freshly derived `names`) against `prev`. */
export function matchIdentities(prev: SegmentationMeta | null, views: CentroidView[], fresh: SegmentName[], t: TransformStats): IdentityResult {
  const base = { previousVersion: prev?.version ?? null, kept: [] as number[], renamed: [] as IdentityResult['report']['renamed'], added: [] as number[], retired: [] as number[], distances: [] as { id: number; distance: number }[] };
  if (!prev || prev.segments.length === 0) {
    const ids = fresh.map((_, i) => i + 1);
    return { ids, names: fresh, report: { ...base, added: ids } };
  }
  const newZ = views.map((v) => t.names.map((n) => v.raw[n])).map((r) => profileToZ(Object.fromEntries(t.names.map((n, j) => [n, r[j]])), t));
  const oldZ = prev.segments.map((s) => profileToZ(s.profile, t));
  const cost = newZ.map((a) => oldZ.map((b) => Math.sqrt(a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0))));
  const asg = hungarian(cost);
  let nextId = Math.max(0, ...prev.segments.map((s) => s.id), ...(prev.identity?.retired ?? []), ...(prev.identity?.added ?? [])) + 1;
  const ids: number[] = [];
  const names: SegmentName[] = [];
  const usedOld = new Set<number>();
  fresh.forEach((name, i) => {
    const j = asg[i];
    if (j >= 0 && cost[i][j] <= Math.max(MATCH_MAX_DISTANCE, MATCH_RELATIVE * norm(oldZ[j]))) {
      const old = prev.segments[j];
      usedOld.add(j);
      ids.push(old.id);
      base.distances.push({ id: old.id, distance: cost[i][j] });
      if (ruleFits(old.rule, views[i])) {
        const base0 = NAMING_RULES.find((r) => r.id === old.rule)?.explain ?? DEFAULT_RULE.explain;
        names.push({ rule: old.rule, name: currentSegmentName(old.name), explanation: explainCentroid(views[i], base0) });
        base.kept.push(old.id);
      } else {
        names.push(name);
        base.renamed.push({ id: old.id, from: currentSegmentName(old.name), to: name.name });
      }
    } else {
      ids.push(nextId);
      base.added.push(nextId++);
      names.push(name);
    }
  });
  prev.segments.forEach((s, j) => usedOld.has(j) || base.retired.push(s.id));
  // A kept old name may now equal a fresh name elsewhere: keep names unique.
  const seen = new Set<string>();
  names.forEach((n, i) => {
    let name = n.name;
    for (let k = 2; seen.has(name); k++) name = `${n.name}${k}`;
    seen.add(name);
    names[i] = { ...n, name };
  });
  return { ids, names, report: base };
}
