import fs from 'node:fs';
import path from 'node:path';
import { currentSegmentName } from '../segments/display-name';
import type { SegmentationMeta } from '../segments/meta';
import { nameSegments, type CentroidView } from '../segments/naming';
import { zToRaw } from '../segments/transform';
import { matchIdentities } from './identity';

const meta = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../models/segmentation/meta.json'), 'utf8')) as SegmentationMeta;
const t = meta.transform;
const byName = (v: number[]) => Object.fromEntries(t.names.map((n, j) => [n, v[j]]));
const typical = byName(zToRaw(new Array(t.names.length).fill(0), t));
const viewOf = (z: number[]): CentroidView => ({ z: byName(z), raw: byName(zToRaw(z, t)), typical });

describe('stable segment identities', () => {
  it('first model: ids 1..K, all new', () => {
    const views = meta.segments.map((s) => viewOf(s.z));
    const r = matchIdentities(null, views, nameSegments(views), t);
    expect(r.ids).toEqual(views.map((_, i) => i + 1));
    expect(r.report.added).toHaveLength(views.length);
  });

  it('retraining with shuffled, slightly moved centroids keeps every id and name', () => {
    const order = meta.segments.map((_, i) => i).reverse();
    const views = order.map((i) => viewOf(meta.segments[i].z.map((v) => v + 0.05)));
    // Old stored data on purpose: the previous version was fitted while loyal_high_value was 高价值忠诚客户
    // (the shipped meta was, before --names-only; a shop's own refit may still be).
    const prev = { ...meta, segments: meta.segments.map((s) => (s.rule === 'loyal_high_value' ? { ...s, name: '高价值忠诚客户' } : s)) };
    const r = matchIdentities(prev, views, nameSegments(views), t);
    expect(r.ids).toEqual(order.map((i) => meta.segments[i].id));
    // kept, in today's words
    expect(r.names.map((n) => n.name)).toEqual(order.map((i) => currentSegmentName(prev.segments[i].name)));
    expect(r.names.map((n) => n.name)).toEqual(order.map((i) => meta.segments[i].name));
    expect(r.names.map((n) => n.name)).toContain('忠诚高消费客户');
    expect(r.report.kept.sort()).toEqual(meta.segments.map((s) => s.id).sort());
    expect(r.report.added).toEqual([]);
    expect(r.report.retired).toEqual([]);
  });

  it('a kept id whose old rule no longer fits is reported renamed from its name in today\'s words', () => {
    const prev = { ...meta, segments: meta.segments.map((s) => (s.rule === 'loyal_high_value' ? { ...s, name: '高价值忠诚客户' } : s)) };
    const recency = t.names.indexOf('recency_days');
    // the loyal centroid, no longer recent (z 0): loyal_high_value stops fitting, the id is kept
    const views = meta.segments.map((s) => viewOf(s.rule === 'loyal_high_value' ? s.z.map((v, j) => (j === recency ? 0 : v)) : s.z));
    const r = matchIdentities(prev, views, nameSegments(views), t);
    const loyalId = meta.segments.find((s) => s.rule === 'loyal_high_value')!.id;
    expect(r.report.renamed.map((x) => [x.id, x.from])).toEqual([[loyalId, '忠诚高消费客户']]);
    expect(JSON.stringify(r)).not.toContain('高价值忠诚客户');
  });

  it('a vanished segment retires, a far-away new one gets a fresh id', () => {
    const views = meta.segments.slice(1).map((s) => viewOf(s.z));
    views.push(viewOf(t.names.map(() => 6)));
    const r = matchIdentities(meta, views, nameSegments(views), t);
    // ids never come back: fresh ones start above every id the model and its history used
    const maxId = Math.max(...meta.segments.map((s) => s.id), ...meta.identity.retired, ...meta.identity.added);
    expect(r.report.retired).toEqual([meta.segments[0].id]);
    expect(r.report.added).toEqual([maxId + 1]);
    expect(new Set(r.names.map((n) => n.name)).size).toBe(views.length);
  });
});
