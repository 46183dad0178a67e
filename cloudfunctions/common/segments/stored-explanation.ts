/**
 * A segment's explanation from what its meta.json stores (naming rule, centre, typical customer),
 * worded by today's rules. The text a fit wrote holds the wording of its day: the shipped model
 * said 「一般客户：近30天活跃0.1次」 until a refit, while per-customer reasons said 不到1次. Every
 * explanation is built from these fields alone (build-segments.ts, identity.ts), so the words
 * change and the figures do not.
 */
import { DEFAULT_RULE, explainCentroid, NAMING_RULES } from './naming';
import type { SegmentationMeta } from './meta';

/** `s`'s explanation in today's words; the stored text when its fields are not all there. */
export function storedExplanation(meta: Pick<SegmentationMeta, 'featureNames' | 'typical'>, s: SegmentationMeta['segments'][number]): string {
  const names = meta.featureNames;
  if (!s.profile || s.z?.length !== names.length || meta.typical?.length !== names.length) return s.explanation;
  const byName = (v: readonly number[]) => Object.fromEntries(names.map((n, j) => [n, v[j]]));
  const base = NAMING_RULES.find((r) => r.id === s.rule)?.explain ?? DEFAULT_RULE.explain;
  return explainCentroid({ z: byName(s.z), raw: s.profile, typical: byName(meta.typical) }, base);
}
