/**
 * The segment map through the admin function on the full local cloud (real SDK): staff only,
 * anonymous points from consented, assigned customers, projected in the serving model's space,
 * cached per model version, and following a promoted shop version.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findModelDir } from '../../cloudfunctions/common/inference/models-dir';
import { makeCustomers, seedShop, SEED_SEGMENT_NAMES, startFixtureCloud, STAFF, type Fixture } from './dispatch-fixtures';

jest.setTimeout(120_000);

let fx: Fixture;
const customers = makeCustomers(90, 'map');
import type { Reply } from '../helpers/reply';
const call = (event: unknown, openid = STAFF): Promise<Reply> =>
  fx.cloud.invokeFunction('admin', event, { openid, source: 'wx_client' }) as Promise<Reply>;
const shipped = JSON.parse(fs.readFileSync(path.join(findModelDir('segmentation') as string, 'meta.json'), 'utf8'));

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, customers);
});
afterAll(() => fx?.close());

describe('admin segmentMap', () => {
  it('is for staff only', async () => {
    const r = await call({ action: 'segmentMap' }, customers[0].openid);
    expect(r.error?.code).toBe('FORBIDDEN');
  });

  it('draws every consented, assigned customer (few here) as an anonymous point, named by segment', async () => {
    const r = await call({ action: 'segmentMap' });
    expect(r.error).toBeUndefined();
    const consented = customers.filter((c) => c.consent === 'granted');
    expect(r.data.population).toBe(consented.length);
    expect(r.data.points).toHaveLength(consented.length);
    expect(r.data.modelVersion).toBe(shipped.version);
    expect(r.data.space).toBe(shipped.encoder?.length ? 'latent' : 'standardised');
    expect(r.data.cached).toBe(false);
    const [e1, e2] = r.data.explained;
    expect(e1).toBeGreaterThanOrEqual(e2);
    expect(e1 + e2).toBeLessThanOrEqual(1.0005);
    expect(r.data.segments.map((s: { id: string }) => s.id)).toEqual(['1', '2', '3']);
    const names = new Map(shipped.segments.map((s: { id: number; name: string }) => [String(s.id), s.name]));
    // the serving model's name; a segment it does not have keeps the name stored on the profiles
    for (const s of r.data.segments) expect(s.name).toBe(names.get(s.id) ?? SEED_SEGMENT_NAMES[Number(s.id)]);
    // seeded customers of a segment share their features: one spot per segment, three apart
    const spots = new Map<string, string>();
    for (const p of r.data.points) {
      const at = `${p.x},${p.y}`;
      expect(spots.get(p.segmentId) ?? at).toBe(at);
      spots.set(p.segmentId, at);
    }
    expect(new Set(spots.values()).size).toBe(3);
    const text = JSON.stringify(r.data);
    for (const c of customers) expect(text).not.toContain(c.openid);
    expect(Object.keys(r.data.points[0]).sort()).toEqual(['segmentId', 'x', 'y']);
  });

  it('answers from its cache, and follows the model version that serves', async () => {
    // The second ask answers from the cache the first filled (it relied on the test before it).
    expect((await call({ action: 'segmentMap' })).error).toBeUndefined();
    const first = await call({ action: 'segmentMap' });
    expect(first.data.cached).toBe(true);
    const shop = { ...shipped, version: 'seg-shop-test' };
    await fx.cloud.db.collection('model_versions').insert({
      _id: 'segmentation@seg-shop-test', model: 'segmentation', version: 'seg-shop-test', status: 'serving',
      createdAt: new Date(), files: [], meta: shop, evaluation: null, dataWindow: { from: 'a', to: 'b', n: 1 }, parent: 'shipped',
    });
    await fx.cloud.db.collection('model_pointers').insert({ _id: 'segmentation', serving: 'seg-shop-test', lastGood: null, rev: 1, changedAt: new Date() });
    const next = await call({ action: 'segmentMap' });
    expect(next.data).toMatchObject({ modelVersion: 'seg-shop-test', cached: false });
    // same sample, same model space: the same map, point for point
    expect(next.data.points).toEqual(first.data.points);
    const refreshed = await call({ action: 'segmentMap', refresh: true });
    expect(refreshed.data.cached).toBe(false);
  });
});
