/**
 * The non-buyer group: one predicate on the spec's model-input row (the same for training, the
 * shop's refit and the segment pass), an id no model can take, and wording that says what the
 * group is — to staff and to the customer.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { computeFeatures } from '../features';
import type { ReducedProfile } from '../profile/types';
import { segmentCatalog } from '../admin/model-meta';
import { checkSegmentationMeta } from '../inference/segmentation';
import { nonBuyerAssignment } from '../inference/segmentation-post';
import { matchIdentities } from '../segment-fit/identity';
import { customerWording, ruleOfAssignment } from './customer-wording';
import type { SegmentationMeta } from './meta';
import { nameSegments, type CentroidView } from './naming';
import { HAS_PURCHASED_COLUMN, isBuyerRow, NON_BUYER_SEGMENT_ID } from './non-buyers';
import { storedReasons } from './reasons';
import { zToRaw } from './transform';

const meta = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../models/segmentation/meta.json'), 'utf8')) as SegmentationMeta;
const AS_OF = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;

describe('who is a buyer (one predicate on the feature spec)', () => {
  it('is has_purchased of the model-input row: a purchase time on the profile, nothing else', () => {
    const profile = fc.record(
      {
        lastPurchaseAt: fc.integer({ min: 1, max: 800 }).map((d) => AS_OF - d * DAY),
        lastActiveAt: fc.integer({ min: 0, max: 800 }).map((d) => AS_OF - d * DAY),
        firstSeenAt: fc.integer({ min: 0, max: 2000 }).map((d) => AS_OF - d * DAY),
        d: fc.constant({}),
      },
      { requiredKeys: ['d'] },
    );
    fc.assert(
      fc.property(profile, (p) => {
        const row = computeFeatures(p as ReducedProfile, AS_OF);
        expect(isBuyerRow(row)).toBe(typeof p.lastPurchaseAt === 'number');
        // the same test on a row packed among others (the segment pass's flat matrix)
        const flat = [...new Array(row.length).fill(1), ...row];
        expect(isBuyerRow(flat, row.length)).toBe(isBuyerRow(row));
      }),
      { numRuns: 200 },
    );
  });

  it('the shipped model was fitted on buyers only: every segment centre and the typical customer have bought', () => {
    expect(meta.typical[HAS_PURCHASED_COLUMN]).toBe(1);
    for (const s of meta.segments) expect(s.profile.has_purchased).toBe(1);
  });
});

describe('the group id', () => {
  it('is refused in a model meta (a refit or shipped model cannot take it)', () => {
    expect(() => checkSegmentationMeta(meta)).not.toThrow();
    const taken = { ...meta, segments: meta.segments.map((s, i) => (i === 0 ? { ...s, id: NON_BUYER_SEGMENT_ID } : s)) };
    expect(() => checkSegmentationMeta(taken)).toThrow(/reserved/);
  });

  it('is never given by identity matching: a first model and new centroids get ids from 1 up', () => {
    const t = meta.transform;
    const byName = (v: number[]) => Object.fromEntries(t.names.map((n, j) => [n, v[j]]));
    const typical = byName(zToRaw(new Array(t.names.length).fill(0), t));
    const viewOf = (z: number[]): CentroidView => ({ z: byName(z), raw: byName(zToRaw(z, t)), typical });
    const far = meta.segments.map((s) => viewOf(s.z.map((v) => v + 6)));
    for (const prev of [null, meta, { ...meta, segments: [] }]) {
      const r = matchIdentities(prev, far, nameSegments(far), t);
      expect(Math.min(...r.ids)).toBeGreaterThan(NON_BUYER_SEGMENT_ID);
    }
  });
});

describe('wording', () => {
  const a = nonBuyerAssignment(meta);

  it('staff read 未下单访客; the pass writes its phrase and the one reason that decides it', () => {
    expect(a).toMatchObject({ segment: NON_BUYER_SEGMENT_ID, segmentName: '未下单访客', segmentPhrase: '未下单访客', segmentReasons: ['还没有在本店下过单'] });
    expect(a.segmentPhrase).toMatch(/^[\u4e00-\u9fa5]{1,5}$/);
    // stored as figures, worded on read: the same words
    expect(storedReasons(JSON.parse(JSON.stringify(a.segmentReasonFacts)), [])).toEqual(a.segmentReasons);
  });

  it('the customer reads what the group is, not a buyer\'s sentence', () => {
    const stored = { phrase: a.segmentPhrase, name: a.segmentName };
    expect(ruleOfAssignment(stored)).toBe('non_buyer');
    expect(ruleOfAssignment({ name: '未下单访客' })).toBe('regular'); // a name alone is no rule's
    const w = customerWording(stored);
    expect(w.name).toBe('尚未下单');
    expect(w.name).toMatch(/^[\u4e00-\u9fa5]{1,5}$/);
    expect(w.explain).toContain('还没有在本店下过单');
    expect(w.explain).not.toContain('常下单');
  });

  it('the admin catalog lists it beside the model\'s segments, and nothing when no model is installed', () => {
    const cat = segmentCatalog(meta);
    expect(cat.size).toBe(meta.segments.length + 1);
    expect(cat.get('0')).toMatchObject({ name: '未下单访客', phrase: '未下单访客' });
    expect(segmentCatalog(null).size).toBe(0);
  });
});
