/**
 * The segments page's map: customers as points in 2-D, coloured by segment. A deterministic
 * sample (≤ ~1,500, every segment represented) of the assigned customers in the container's
 * audience projection is taken into the SERVING segmentation model's own space — the spec
 * transform, the model's standardisation, its encoder when it has one (the graph's `latent`) —
 * and projected on the top two principal components. Staff read it as "are the segments
 * separate groups or slices of one cloud"; points are anonymous (no openid, no masked id).
 * Cached in `jobs` per model version for {@link SEGMENT_MAP_TTL_MS}.
 */
import { cachedProjection } from '../audience/projection-cache';
import type { AudienceRow } from '../audience/audience-row';
import type { SegmentMapReply } from '../contracts/admin-replies';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../db/wx-db';
import { FEATURE_SPEC, transformFeature } from '../features';
import { encode, type Dense } from '../segment-fit/autoencoder';
import { standardiseRows } from '../segment-fit/reference';
import type { SegmentationMeta } from '../segments/meta';
import { NON_BUYER_GROUP } from '../segments/non-buyers';
import { namesInTodaysWords, segmentDisplayName } from '../segments/display-name';
import { principalComponents, project } from '../segments/pca';
import { servingSegmentMeta } from './model-meta';

export type { SegmentMapReply };

/** Points drawn at most (plus a floor per small segment). */
export const MAP_SAMPLE = 1500;
/** Every segment with members shows at least this many of them (or all it has). */
export const MAP_SEGMENT_FLOOR = 20;
/** A map is recomputed after this long (the segment job moves customers every 10 minutes). */
export const SEGMENT_MAP_TTL_MS = 10 * 60_000;
const CACHE_ID = 'admin-segment-map';

/** FNV-1a (32 bit): a stable pseudo-random rank per customer, the same in every container. */
export function sampleRank(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Which rows to draw: per segment, its share of `max` (at least `floor`), taking the customers
 * with the lowest {@link sampleRank}. Deterministic, uniform within a segment, and stable as
 * customers come and go (one arrival changes at most one point).
 */
export function sampleForMap<T extends { openid: string; segment: string | null }>(rows: readonly T[], max = MAP_SAMPLE, floor = MAP_SEGMENT_FLOOR): T[] {
  const bySegment = new Map<string, Array<{ r: T; rank: number }>>();
  for (const r of rows) {
    if (r.segment === null) continue;
    const list = bySegment.get(r.segment) ?? [];
    list.push({ r, rank: sampleRank(r.openid) });
    bySegment.set(r.segment, list);
  }
  const total = [...bySegment.values()].reduce((s, l) => s + l.length, 0);
  const out: T[] = [];
  for (const id of [...bySegment.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    const list = bySegment.get(id) as Array<{ r: T; rank: number }>;
    const quota = Math.min(list.length, Math.max(floor, Math.round((max * list.length) / total)));
    list.sort((a, b) => a.rank - b.rank || (a.r.openid < b.r.openid ? -1 : 1));
    for (let i = 0; i < quota; i++) out.push(list[i].r);
  }
  return out;
}

/** The serving segmentation meta: the model store's serving version, else the shipped one. */
async function servingMeta(db: Db): Promise<SegmentationMeta> {
  const { meta } = await servingSegmentMeta(db);
  if (!meta?.transform?.mean || !Array.isArray(meta.featureNames))
    throw new QxError('MODEL_UNAVAILABLE', '分群模型尚未就绪，暂时无法绘制分布图');
  return meta;
}

/** Rows in the model's own space: spec transform → its standardisation → its encoder (if any). */
function modelSpace(rows: AudienceRow[], meta: SegmentationMeta) {
  const spec = meta.featureNames.map((name) => {
    const f = FEATURE_SPEC.features.find((x) => x.name === name);
    if (!f) throw new QxError('MODEL_UNAVAILABLE', `分群模型的特征“${name}”与当前特征定义不符，请重新训练模型`);
    return f;
  });
  const d = spec.length;
  const raw = { n: rows.length, d, data: new Float64Array(rows.length * d) };
  rows.forEach((r, i) => spec.forEach((f, j) => (raw.data[i * d + j] = transformFeature(f, r.num[f.name] ?? null))));
  const encoder: Dense[] = (meta.encoder ?? []).map((L) => ({ ...L, w: Float64Array.from(L.w), b: Float64Array.from(L.b) }));
  return { x: encode(standardiseRows(raw, meta.transform), encoder), space: encoder.length ? ('latent' as const) : ('standardised' as const) };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Computes the map now (no cache). */
export async function computeSegmentMap(db: Db, opts: { refresh?: boolean; now?: number } = {}): Promise<SegmentMapReply> {
  const meta = await servingMeta(db);
  const projection = await cachedProjection(db, { refresh: opts.refresh });
  const assigned = projection.rows.filter((r) => r.consented && r.segment !== null);
  const sample = sampleForMap(assigned);
  const size = new Map<string, { name: string | null; size: number; sampled: number }>();
  for (const r of assigned) {
    const s = size.get(r.segment as string) ?? { name: null, size: 0, sampled: 0 };
    s.size++;
    s.name ??= r.segmentName;
    size.set(r.segment as string, s);
  }
  sample.forEach((r) => (size.get(r.segment as string) as { sampled: number }).sampled++);
  const { x, space } = modelSpace(sample, meta);
  const pca = principalComponents(x, 2);
  const named = new Map([...meta.segments, NON_BUYER_GROUP].map((s) => [String(s.id), s.name]));
  return {
    modelVersion: meta.version,
    space,
    points: sample.map((r, i) => {
      const [px, py] = project(x, i, pca);
      return { x: round3(px), y: round3(py ?? 0), segmentId: r.segment as string };
    }),
    explained: pca.variances.map((v) => (pca.total > 0 ? round3(v / pca.total) : 0)),
    segments: [...size.entries()]
      .sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))
      .map(([id, s]) => ({ id, name: segmentDisplayName(id, { model: named.get(id), stored: s.name }), size: s.size, sampled: s.sampled })),
    population: assigned.length,
    computedAt: opts.now ?? Date.now(),
    cached: false,
  };
}

/** The cached map for the serving model version, recomputed when older than the TTL or on refresh. */
export async function cachedSegmentMap(db: Db, opts: { refresh?: boolean; now?: number } = {}): Promise<SegmentMapReply> {
  const now = opts.now ?? Date.now();
  if (!opts.refresh) {
    const hit = (await db.getById(COLLECTIONS.jobs, CACHE_ID)) as { map?: SegmentMapReply } | null;
    const version = hit?.map ? (await servingMeta(db)).version : null;
    // names in today's words: a map stored before a rule was renamed keeps its names until it expires
    if (hit?.map && hit.map.modelVersion === version && now - hit.map.computedAt < SEGMENT_MAP_TTL_MS)
      return { ...hit.map, segments: hit.map.segments.map((s) => namesInTodaysWords(s, ['name'])), cached: true };
  }
  const map = await computeSegmentMap(db, { refresh: opts.refresh, now });
  await db.setById(COLLECTIONS.jobs, CACHE_ID, { kind: 'cache', map });
  return map;
}
