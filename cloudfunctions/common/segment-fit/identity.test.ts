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
    const r = matchIdentities(meta, views, nameSegments(views), t);
    expect(r.ids).toEqual(order.map((i) => meta.segments[i].id));
    // kept, in today's words: the shipped meta was fitted while loyal_high_value was 高价值忠诚客户
    expect(r.names.map((n) => n.name)).toEqual(order.map((i) => currentSegmentName(meta.segments[i].name)));
    expect(meta.segments.map((s) => s.name)).toContain('高价值忠诚客户');
    expect(r.names.map((n) => n.name)).toContain('忠诚高消费客户');
    expect(r.report.kept.sort()).toEqual(meta.segments.map((s) => s.id).sort());
    expect(r.report.added).toEqual([]);
    expect(r.report.retired).toEqual([]);
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
