/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
/**
 * The fast assignment path (one-pass features, flat rows, one run per batch, selected reasons)
 * must give exactly what the plain per-window, per-row, sort-based reference gives.
 */
import fc from 'fast-check';
import { computeFeatures, computeRawFeatures, FEATURE_NAMES } from '../features';
import { indexBuckets, windowDistinct, windowSum } from '../features/windows';
import { DAY_MS, dayKey } from '../profile/day';
import type { DayBucket, ReducedProfile } from '../profile/types';
import { FEATURE_WORDING, sayValue } from '../segments/feature-labels';
import { NON_BUYER_SEGMENT_ID } from '../segments/non-buyers';
import type { SegmentationMeta } from '../segments/meta';
import { standardise } from '../segments/transform';
import { assignProfiles } from './assign-profiles';
import { forgetModels } from './registry';
import { getSegmentationModel } from './segmentation';

const AS_OF = Date.UTC(2026, 5, 30, 4);

/** The per-window definition the features were written from (windows.ts), one pass per figure. */
function referenceRaw(p: ReducedProfile, asOf: number): Record<string, number | null> {
  const ib = indexBuckets(p, asOf);
  const days = (t?: number) => (t === undefined ? null : Math.max(0, (asOf - t) / DAY_MS));
  const all = (f: 'rv' | 'rs' | 'rp' | 'rn') => windowSum(ib, f, Infinity) + (p.a?.[f] ?? 0);
  const ca90 = windowSum(ib, 'ca', 90);
  return {
    recency_days: days(p.lastPurchaseAt),
    has_purchased: p.lastPurchaseAt === undefined ? 0 : 1,
    frequency_30d: windowSum(ib, 'pu', 30),
    frequency_90d: windowSum(ib, 'pu', 90),
    frequency_365d: windowSum(ib, 'pu', 365),
    monetary_30d: windowSum(ib, 'fen', 30) / 100,
    monetary_90d: windowSum(ib, 'fen', 90) / 100,
    monetary_365d: windowSum(ib, 'fen', 365) / 100,
    sessions_30d: windowDistinct(ib, 's', 30).size,
    product_views_30d: windowSum(ib, 'pv', 30),
    cart_adds_30d: windowSum(ib, 'ca', 30),
    cart_conversion_90d: ca90 === 0 ? 0 : Math.min(1, windowSum(ib, 'pu', 90) / ca90),
    favorites_90d: windowSum(ib, 'fv', 90),
    review_count: all('rv'),
    sentiment_mean: all('rs') === 0 ? null : all('rp') / all('rs') / 1000,
    negative_share: all('rs') === 0 ? 0 : all('rn') / all('rs'),
    tenure_days: days(p.firstSeenAt) ?? 0,
    days_since_active: days(p.lastActiveAt),
    category_breadth: windowDistinct(ib, 'c', 90).size,
  };
}

/** Reasons as first written: rank every feature, filter, sort (stable), take three. */
function referenceReasons(meta: SegmentationMeta, segId: number, input: number[], raw: number[]): string[] {
  const t = meta.transform;
  const z = standardise(input, t);
  const shown = raw.map((v, j) => (Number.isFinite(v) ? v : t.log1p[j] ? Math.expm1(t.fill[j]) : t.fill[j]));
  const centroid = meta.segments.find((s) => s.id === segId)!.z;
  return meta.featureNames
    .map((f, j) => ({ f, j, c: z[j] * centroid[j] }))
    .filter((r) => FEATURE_WORDING[r.f] && r.c > 0 && Math.abs(z[r.j]) >= 0.25)
    .sort((a, b) => b.c - a.c)
    .slice(0, 3)
    .map(({ f, j }) => {
      const wd = FEATURE_WORDING[f];
      return `${sayValue(f, shown[j])}，${z[j] > 0 ? wd.more : wd.less}（一般客户：${sayValue(f, meta.typical[j], true)}）`;
    });
}

const counter = fc.oneof(fc.constant(undefined), fc.nat(5), fc.nat(50_000));
const bucket: fc.Arbitrary<DayBucket> = fc.record(
  {
    e: counter, pv: counter, ca: counter, fv: counter, pu: counter, fen: counter,
    rv: counter, rs: counter, rp: counter, rn: counter,
    s: fc.dictionary(fc.constantFrom('s1', 's2', 's3', 's4'), fc.constant(1)),
    c: fc.dictionary(fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'), fc.nat(9)),
  },
  { requiredKeys: [] },
);
const profile: fc.Arbitrary<ReducedProfile> = fc
  .record({
    buckets: fc.array(fc.tuple(fc.integer({ min: -5, max: 800 }), bucket), { maxLength: 25 }),
    first: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
    last: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
    buy: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
    archive: fc.option(fc.record({ rv: fc.nat(9), rs: fc.nat(9), rp: fc.nat(9000), rn: fc.nat(9) }), { nil: undefined }),
    junkKey: fc.boolean(),
  })
  .map(({ buckets, first, last, buy, archive, junkKey }) => {
    const d: Record<string, DayBucket> = {};
    for (const [ago, b] of buckets) d[dayKey(AS_OF - ago * DAY_MS)] = b; // ago < 0: after asOf
    if (junkKey) d.notADay = { pu: 7 };
    const at = (v?: number) => (v === undefined ? undefined : AS_OF - v * DAY_MS - 3_600_000);
    return { d, a: archive, firstSeenAt: at(first), lastActiveAt: at(last), lastPurchaseAt: at(buy) };
  });

afterAll(() => forgetModels());

describe('fast assignment path', () => {
  it('one-pass raw features equal the per-window definition', () => {
    fc.assert(
      fc.property(profile, (p) => {
        expect(computeRawFeatures(p, AS_OF)).toEqual(referenceRaw(p, AS_OF));
      }),
      { numRuns: 400 },
    );
  });

  it('assignProfiles equals per-row scoring with sort-ranked reasons, bit for bit', async () => {
    const model = await getSegmentationModel();
    const profiles = fc.sample(profile, { numRuns: 1500, seed: 7 });
    const page = await assignProfiles(model, profiles, AS_OF);
    const inputs = profiles.map((p) => computeFeatures(p, AS_OF));
    const raws = profiles.map((p) => {
      const r = computeRawFeatures(p, AS_OF);
      return FEATURE_NAMES.map((f) => r[f] ?? NaN);
    });
    const { segment: scored } = await model.score(inputs);
    // customers without an order are the fixed group, whatever the model says (non-buyers.ts)
    const buyer = profiles.map((p) => p.lastPurchaseAt !== undefined);
    const segment = scored.map((s, i) => (buyer[i] ? s : NON_BUYER_SEGMENT_ID));
    expect(Array.from(page.input)).toEqual(inputs.flat());
    expect(page.assignments.map((a) => a.segment)).toEqual(segment);
    page.assignments.forEach((a, i) =>
      expect(a.segmentReasons).toEqual(buyer[i] ? referenceReasons(model.meta, segment[i], inputs[i], raws[i]) : ['还没有在本店下过单']),
    );
    // the generator reaches more than one segment, both groups, and customers with reasons
    expect(new Set(segment).size).toBeGreaterThan(3);
    expect(buyer.filter(Boolean).length).toBeGreaterThan(300);
    expect(buyer.filter((b) => !b).length).toBeGreaterThan(200);
    expect(page.assignments.filter((a) => a.segmentReasons.length === 3).length).toBeGreaterThan(100);
  });

  it('takes one time per profile as well as one per page', async () => {
    const model = await getSegmentationModel();
    const ps = fc.sample(profile, { numRuns: 20, seed: 3 });
    const times = ps.map((_, i) => AS_OF - i * DAY_MS);
    const page = await assignProfiles(model, ps, times);
    const one = await Promise.all(ps.map((p, i) => assignProfiles(model, [p], times[i])));
    expect(page.assignments).toEqual(one.map((o) => o.assignments[0]));
  });
});
