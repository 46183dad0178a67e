/**
 * The admin function's two caches in `jobs` (segment statistics, the segment map) hold segment
 * names as they were when stored. A cache written before a naming rule was renamed, or by a
 * release that stored the raw name, is read back in today's words until it expires (real SDK,
 * full local cloud). The stored cache is not rewritten: only what is read is worded today.
 */
import { makeCustomers, seedShop, startFixtureCloud, STAFF, type Fixture } from './dispatch-fixtures';
import type { Reply } from '../helpers/reply';

jest.setTimeout(120_000);

/** Old stored data on purpose: the name segment 6's rule had before session 21. */
const OLD = '高价值忠诚客户';
const NOW = '忠诚高消费客户';

let fx: Fixture;
const customers = makeCustomers(30, 'cachename');
const call = (event: unknown): Promise<Reply> => fx.cloud.invokeFunction('admin', event, { openid: STAFF, source: 'wx_client' }) as Promise<Reply>;
const jobs = () => fx.cloud.db.collection('jobs');

beforeAll(async () => {
  fx = await startFixtureCloud();
  await seedShop(fx.cloud, customers);
});
afterAll(() => fx?.close());

describe("admin caches read in today's words", () => {
  it('a statistics snapshot stored with the old name answers 分群 and its CSV with today\'s', async () => {
    const first = await call({ action: 'segments' });
    expect(first.error).toBeUndefined();
    expect(first.data.cached).toBe(false);
    // As an earlier release stored it: segment 3's members carried the old name (qualified, as a
    // second segment of one rule is named), the population one too.
    const hit = jobs().get('admin-segment-stats') as { segments: Array<{ id: string; name?: string }>; population: Record<string, unknown> };
    const segments = hit.segments.map((s) => (s.id === '3' ? { ...s, name: `${OLD}·近期高消费` } : s));
    await jobs().update({ _id: 'admin-segment-stats' }, { $set: { segments, population: { ...hit.population, name: OLD } } });

    const again = await call({ action: 'segments' });
    expect(again.error).toBeUndefined();
    expect(again.data.cached).toBe(true); // from the snapshot, not recomputed
    expect(again.data.segments.find((s: { id: string }) => s.id === '3').name).toBe(`${NOW}·近期高消费`);
    expect(again.data.population.name).toBe(NOW);
    expect(JSON.stringify(again.data)).not.toContain(OLD);
    const csv = await call({ action: 'segmentsCsv' });
    expect(csv.error).toBeUndefined();
    expect(csv.data.csv).not.toContain(OLD);
    // the snapshot itself is as it was stored
    expect(JSON.stringify(jobs().get('admin-segment-stats'))).toContain(OLD);
  });

  it('a segment map stored with the old name answers with today\'s', async () => {
    const first = await call({ action: 'segmentMap' });
    expect(first.error).toBeUndefined();
    const stored = jobs().get('admin-segment-map') as { map: { segments: Array<{ id: string; name: string }> } };
    const segments = stored.map.segments.map((s) => (s.id === '3' ? { ...s, name: OLD } : s));
    await jobs().update({ _id: 'admin-segment-map' }, { $set: { 'map.segments': segments } });

    const again = await call({ action: 'segmentMap' });
    expect(again.error).toBeUndefined();
    expect(again.data.cached).toBe(true);
    expect(again.data.segments.find((s: { id: string }) => s.id === '3').name).toBe(NOW);
    expect(JSON.stringify(again.data)).not.toContain(OLD);
    expect(JSON.stringify(jobs().get('admin-segment-map'))).toContain(OLD);
  });
});
