/**
 * The real Taobao sample and CDNOW purchases, replayed through the REAL track function in shuffled
 * order with re-sent events and concurrent duplicate batches: the incremental profiles must equal
 * (exactly — integers) both the pure reducer fold of the unique events and the full rebuild job's
 * profiles recomputed from raw events.
 * Scale: the whole Taobao sample (814 customers, 84,287 events) plus a seeded sample of
 * QX_REPLAY_CDNOW_CUSTOMERS CDNOW customers (default 1,000 of 23,570; 0 = all) — 87,006 events,
 * ~80 s on the shared 2-core box. Over a minute on purpose: this is the end-to-end exactness proof
 * of the ingest path on real data (replay ~60 s, rebuild + comparisons ~15 s).
 */
import { describeWithSharedData } from '../helpers/shared-data';
import type { Reply } from '../helpers/reply';
import { foldEvents } from '../../cloudfunctions/common/profile/apply';
import { canonicalJson } from '../../cloudfunctions/common/profile/canonical';
import { compactProfile, pickReduced } from '../../cloudfunctions/common/profile/compact';
import { inProcessImporter, inProcessInvoker } from '../../scripts/replay/invoker';
import { mapCdnow, mapTaobao, type ReplayEvent } from '../../scripts/replay/map-events';
import { unitPriceDistribution } from '../../scripts/replay/prices';
import { replay } from '../../scripts/replay/replay';
import { hash32 } from '../../scripts/replay/rng';
import { readCdnow, readTaobao } from '../../scripts/replay/sources';
import { toStored } from '../../scripts/replay/stored';
import { startIngestCloud, type IngestCloud } from './track-cloud';

jest.setTimeout(600_000);

describeWithSharedData('replay of real data: incremental = pure fold = full rebuild', (dir) => {
  let c: IngestCloud;
  let events: ReplayEvent[];
  // The replay is the set-up of both tests (the second reads the profiles it writes), so it runs
  // here: either test then stands alone (-t) and in any order.
  let r: Awaited<ReturnType<typeof replay>>;
  beforeAll(async () => {
    c = await startIngestCloud(4);
    const cd = readCdnow(dir);
    const limit = Number(process.env.QX_REPLAY_CDNOW_CUSTOMERS ?? 1000);
    const keep = (id: string): boolean => limit === 0 || hash32(id, 7) % 23570 < limit;
    events = [
      ...mapTaobao(readTaobao(dir), unitPriceDistribution(cd)),
      ...mapCdnow(cd).filter((e) => keep(e.openid.slice(3))),
    ];
    // History (2017, 1997–98, purchases): a trusted import, as a merchant would load it.
    r = await replay(events, inProcessInvoker(c.cloud), {
      importer: inProcessImporter(c.cloud),
      shuffle: true,
      duplicateRate: 0.05,
      concurrentRetryRate: 0.05,
      concurrency: 8,
      seed: 7,
    });
  });
  afterAll(async () => c?.close());

  it('replays shuffled with duplicates and concurrent retries; every unique event accepted once', async () => {
    console.log(`replay: ${JSON.stringify(r)}`);
    expect(r.failedCalls).toBe(0);
    expect(r.rejected).toBe(0);
    expect(r.accepted).toBe(events.length);
    expect(c.cloud.db.collection('events').count({})).toBe(events.length);
    expect(c.cloud.db.collection('profiles').count({ pendingCount: { $gt: 0 } })).toBe(0);
  });

  it('incremental profiles equal the pure fold and the full rebuild exactly', async () => {
    const byUser = new Map<string, ReplayEvent[]>();
    for (const e of events) (byUser.get(e.openid) ?? byUser.set(e.openid, []).get(e.openid)!).push(e);
    const profiles = c.cloud.db.collection('profiles');
    const incremental = new Map<string, string>();
    let mismatches = 0;
    for (const [openid, evs] of byUser) {
      const got = canonicalJson(compactProfile(pickReduced(profiles.get(openid) as never)));
      const want = canonicalJson(compactProfile(foldEvents(evs.map((e) => toStored(e)))));
      if (got !== want && mismatches++ < 3)
        expect({ openid, got: JSON.parse(got) }).toEqual({ openid, got: JSON.parse(want) });
      incremental.set(openid, got);
    }
    expect(mismatches).toBe(0);

    let report = await c.call<Reply>(
      'rebuild',
      { action: 'start', horizonDays: null },
      undefined,
      'wx_trigger',
    );
    for (let i = 0; i < 50 && report.ok && report.data.full.state === 'running'; i++)
      report = await c.call('rebuild', {}, undefined, 'wx_trigger');
    expect(report.ok).toBe(true);
    expect(report.data.full.state).toBe('idle');
    for (const [openid, want] of incremental) {
      const got = canonicalJson(pickReduced(profiles.get(openid) as never));
      if (got !== want) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(profiles.count({})).toBe(byUser.size);
  });
});
