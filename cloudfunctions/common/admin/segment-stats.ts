/**
 * Segment statistics for the admin page, computed in the database with aggregate stages (one
 * `$group` pass for sizes and feature means, one for sentiment bins, one sampled pass for top
 * categories) — never by pulling profiles into the function. Aggregates only: no openid leaves.
 */
import spec from '../../../models/feature-spec.json';
import { staffCategoryNames, UNLISTED_CATEGORY } from '../catalog/category-names';
import { isHashedKey } from '../db/stored-keys';
import { currentSegmentName, segmentDisplayName } from '../segments/display-name';
import { csvRow } from './csv-field';
import { featureHeader, sentimentBinHeader } from './csv-headers';
import { hashedCategoryIds } from '../catalog/category-keys';
import { categoryOfKey } from '../profile/bucket-keys';
import { COLLECTIONS } from '../contracts/collections';
import { AGGREGATE_MAX, type Db } from '../db/wx-db';
import type { SegmentStat } from '../contracts/admin-replies';

export type { SegmentStat };

/** Feature names in spec order. */
export const FEATURES = spec.features.map((f) => f.name);
/** Sentiment histogram bins over [0, 1]. */
export const SENTIMENT_BINS = 5;
/** Profiles sampled for top categories (day-bucket unwinding is the expensive part). */
export const CATEGORY_SAMPLE = 2000;

/**
 * Stands for "not segmented yet" in the category pass's group key: segments are numbered from 0,
 * and a key that is never missing keeps its sort off the undocumented place of a missing field.
 */
const NO_SEGMENT = -1;

const key = (v: unknown): string => (v === null || v === undefined || v === NO_SEGMENT ? 'none' : String(v));

/** Sizes, feature means, sentiment bins and top categories per segment plus the population. */
export async function segmentStats(db: Db): Promise<{ segments: SegmentStat[]; population: SegmentStat }> {
  const $ = db.$;
  const avgs = Object.fromEntries(FEATURES.map((f, i) => [`f${i}`, $.avg(`$features.${f}`)]));
  // One pass over the profiles, grouped by (segment, sentiment bin): sizes, bins and means all
  // come from it. Means are combined weighted by group size — exact when every profile carries
  // features (the segmentation job writes them together), an approximation otherwise.
  const [groups, cats] = await Promise.all([
    db.aggregateAll(COLLECTIONS.profiles, (p) =>
      p.group({
        _id: { s: '$segment', b: $.floor($.multiply(['$features.sentiment_mean', SENTIMENT_BINS])) },
        size: $.sum(1),
        // The stored name: the page's fallback when no model meta names the id (segments/display-name.ts).
        name: $.first('$segmentName'),
        ...avgs,
      }),
    ),
    // (segment, category) pairs, heaviest first: a shop with more pairs than one answer holds
    // keeps the heaviest, which are the ones the top five per segment come from.
    db.aggregateAll(
      COLLECTIONS.profiles,
      (p) =>
        p
          .sample({ size: CATEGORY_SAMPLE })
          // A profile not segmented yet has no `segment`: where a missing `_id.s` sorts below is
          // undocumented in CloudBase (MongoDB: lowest), and it decides which ties a cut keeps.
          .project({ segment: $.ifNull(['$segment', NO_SEGMENT]), days: $.objectToArray('$d') })
          .unwind('$days')
          .project({ segment: 1, cats: $.objectToArray($.ifNull(['$days.v.c', {}])) })
          .unwind('$cats')
          .group({ _id: { s: '$segment', c: '$cats.k' }, w: $.sum('$cats.v') })
          // Ties broken by the pair itself: the same top five on every load, the same pairs kept at a cut.
          .sort({ w: -1, '_id.s': 1, '_id.c': 1 }),
      { max: AGGREGATE_MAX, cut: 'keep' },
    ),
  ]);
  const blank = (id: string): SegmentStat => ({
    id,
    size: 0,
    means: {},
    sentimentBins: new Array(SENTIMENT_BINS).fill(0),
    topCategories: [],
  });
  const stats = new Map<string, SegmentStat>();
  const pop = blank('all');
  const sums = new Map<string, Record<string, { s: number; n: number }>>();
  const add = (id: string, f: string, v: number, n: number): void => {
    const m = sums.get(id) ?? {};
    m[f] ??= { s: 0, n: 0 };
    m[f].s += v * n;
    m[f].n += n;
    sums.set(id, m);
  };
  for (const row of groups as Array<Record<string, unknown> & { _id: { s: unknown; b: unknown } }>) {
    const id = key(row._id.s);
    const size = Number(row.size);
    const st = stats.get(id) ?? blank(id);
    stats.set(id, st);
    st.size += size;
    pop.size += size;
    if (st.name === undefined && typeof row.name === 'string' && row.name) st.name = currentSegmentName(row.name);
    if (typeof row._id.b === 'number' && Number.isFinite(row._id.b)) {
      const b = Math.max(0, Math.min(SENTIMENT_BINS - 1, row._id.b));
      st.sentimentBins[b] += size;
      pop.sentimentBins[b] += size;
    }
    FEATURES.forEach((f, i) => {
      const v = row[`f${i}`];
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      add(id, f, v, size);
      add('all', f, v, size);
    });
  }
  for (const st of [...stats.values(), pop]) {
    const m = sums.get(st.id) ?? {};
    for (const f of FEATURES) st.means[f] = m[f] ? m[f].s / m[f].n : null;
  }
  const catW = new Map<string, Map<string, number>>();
  const catRows = cats as Array<{ _id: { s: unknown; c: string }; w: number }>;
  // Ids too long for their key are found again from the catalog (catalog/category-keys.ts).
  const hashed = await hashedCategoryIds(db, catRows.map((r) => r._id.c));
  for (const row of catRows) {
    for (const s of [key(row._id.s), 'all']) {
      const m = catW.get(s) ?? new Map<string, number>();
      // Keys stored before and after the legal-name encoding are one category (profile/bucket-keys.ts).
      // A hashed key no shop category hashes to is a category the catalog dropped: counted, as
      // one 「已下架类目」, not dropped from the shares (its id cannot be known from the key).
      const c = categoryOfKey(row._id.c, hashed) ?? (isHashedKey(row._id.c) ? UNLISTED_CATEGORY : undefined);
      if (c !== undefined) m.set(c, (m.get(c) ?? 0) + Number(row.w));
      catW.set(s, m);
    }
  }
  const top = (s: string): SegmentStat['topCategories'] => {
    const m = catW.get(s);
    if (!m) return [];
    const total = [...m.values()].reduce((a, b) => a + b, 0) || 1;
    return [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([c, w]) => ({ categoryId: c, weight: Math.round((w / total) * 1000) / 1000 }));
  };
  for (const s of stats.values()) s.topCategories = top(s.id);
  pop.topCategories = top('all');
  const all = [...stats.values(), pop];
  const names = await staffCategoryNames(db, all.flatMap((s) => s.topCategories.map((c) => c.categoryId)));
  for (const s of all)
    s.topCategories = s.topCategories.map((c) =>
      names[c.categoryId] ? { ...c, categoryName: names[c.categoryId] } : c,
    );
  return {
    segments: [...stats.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
    population: pop,
  };
}

/**
 * CSV of segment aggregates (size, share, feature means, sentiment bins) — no personal data. Its
 * headers are Chinese (admin/csv-headers.ts); the page adds the BOM when it saves the file.
 */
export function segmentStatsCsv(
  segments: SegmentStat[],
  population: SegmentStat,
  names: Map<string, { name: string }>,
): string {
  const head = [
    '分群编号',
    '分群名称',
    '人数',
    '占全体比例',
    ...FEATURES.map(featureHeader),
    ...Array.from({ length: SENTIMENT_BINS }, (_, i) => sentimentBinHeader(i, SENTIMENT_BINS)),
    '主要类目（类目:权重）',
  ];
  const row = (s: SegmentStat): unknown[] => [
    s.id,
    s.id === 'all' ? '全体客户' : segmentDisplayName(s.id, { model: names.get(s.id)?.name, stored: s.name }),
    s.size,
    population.size ? s.size / population.size : 0,
    ...FEATURES.map((f) => s.means[f]),
    ...s.sentimentBins,
    s.topCategories.map((c) => `${c.categoryName ?? c.categoryId}:${c.weight}`).join(' '),
  ];
  // Figures to 4 decimals; names through the shared guard (csv-field.ts: staff open it in Excel).
  return [head, ...segments.map(row), row(population)].map((r) => csvRow(r, 4)).join('\n') + '\n';
}
