/**
 * Dispatch under faults, counted on WeChat's side of the local cloud: transient errors answered
 * by WeChat, concurrent dispatchers whose leases expire mid-page, and a function instance killed
 * (SIGKILL) mid-page. Invariants: 0 duplicate deliveries, 0 sends without a grant, and every
 * eligible customer claimed exactly once.
 */
import { encodeOpenApiResponse } from '../../scripts/local-cloud/openapi/proto';
import {
  campaignDoc,
  invariants,
  makeCustomers,
  seedShop,
  startFixtureCloud,
  type Fixture,
} from '../integration/dispatch-fixtures';
import { waitUntil } from '../helpers/wait-until';

jest.setTimeout(180_000);

type Summary = { ok: boolean; data?: { status: string; passes: Array<{ counts: Record<string, number> }> } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seeded PRNG so a failing schedule can be replayed. */
function rng(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** WeChat answers "system busy" (-1, nothing delivered) to a share of sends. */
function injectBusy(fx: Fixture, rate: number, seed: number): { injected: number } {
  const stats = { injected: 0 };
  const reg = fx.cloud.registry;
  const real = reg.resolve('wx.openApi')!;
  const rand = rng(seed);
  reg.register('wx.openApi', async (req) => {
    if (rand() < rate) {
      stats.injected++;
      return {
        kind: 'binary',
        body: encodeOpenApiResponse({ errcode: -1, errmsg: 'system error' }),
        contentType: 'application/octet-stream',
      };
    }
    return real(req);
  });
  return stats;
}

/** Runs the dispatcher until the campaign's pass is finished. */
async function drain(fx: Fixture, event: Record<string, unknown>): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const r = (await fx.cloud
      .invokeFunction('dispatch', { action: 'run', ...event }, {})
      .catch(() => null)) as Summary | null;
    const c = fx.cloud.db.collection('campaigns').get('c1');
    if (c?.status === 'done') return;
    if (r?.data?.status === 'busy') await sleep(300);
  }
  throw new Error('campaign never finished');
}

function claimedOnce(fx: Fixture): { claims: number; distinct: number } {
  const docs = fx.cloud.db.collection('outbox').find({ campaignId: 'c1' }, { limit: 100000 });
  return { claims: docs.length, distinct: new Set(docs.map((d) => d.openid)).size };
}

let fx: Fixture;
const customers = makeCustomers(80, 'f');
beforeEach(async () => {
  fx = await startFixtureCloud({ maxInstances: 4 });
  await seedShop(fx.cloud, customers);
  await fx.cloud.db.collection('campaigns').insert(campaignDoc('c1', { holdoutPct: 10 }));
});
afterEach(() => fx?.close());

describe('dispatch faults', () => {
  it('retries transient WeChat errors a bounded number of times, never duplicating', async () => {
    const busy = injectBusy(fx, 0.35, 42);
    await drain(fx, { pageSize: 13, maxAttempts: 3, baseDelayMs: 5 });
    const docs = fx.cloud.db.collection('outbox').find({ campaignId: 'c1' }, { limit: 1000 });
    expect(busy.injected).toBeGreaterThan(5);
    expect(docs.some((d) => d.status === 'sent' && (d.attempts as unknown[]).length > 1)).toBe(true);
    for (const d of docs) expect((d.attempts as unknown[]).length).toBeLessThanOrEqual(3);
    for (const d of docs.filter((x) => x.status === 'failed')) expect(d.errorCode).toBe(-1);
    expect(invariants(fx.cloud)).toMatchObject({ duplicates: 0, sent_without_grant: 0 });
    expect(claimedOnce(fx).claims).toBe(claimedOnce(fx).distinct);
  });

  it('survives concurrent dispatchers whose leases expire mid-page', async () => {
    // Slow sends (8/s) and a 1 s lease: a 40-customer page outlives the lease, so another
    // dispatcher takes over the same page while the first is still sending from it.
    const ev = { pageSize: 80, ratePerSec: 8, leaseMs: 1000 };
    await fx.cloud.invokeFunction('dispatch', { action: 'warm-up' }, {}); // bundle + first instance
    const runs = await Promise.all(
      [0, 1500, 3000, 4500].map((d) =>
        sleep(d).then(
          () => fx.cloud.invokeFunction('dispatch', { action: 'run', ...ev }, {}) as Promise<Summary>,
        ),
      ),
    );
    await drain(fx, { pageSize: 40 });
    const taken = runs.reduce(
      (s, r) => s + (r.data?.passes ?? []).reduce((t, p) => t + (p.counts.taken ?? 0), 0),
      0,
    );
    const statuses = runs.map((r) => r.data?.status);
    console.info(`[fault] concurrent statuses=${statuses.join(',')} claims-found-taken=${taken}`);
    expect(statuses.filter((s) => s !== 'busy').length).toBeGreaterThan(1);
    expect(invariants(fx.cloud)).toMatchObject({ duplicates: 0, sent_without_grant: 0 });
    expect(claimedOnce(fx).claims).toBe(claimedOnce(fx).distinct);
  });

  it('survives a function instance killed mid-page', async () => {
    await fx.cloud.invokeFunction('dispatch', { action: 'warm-up' }, {}); // bundle + first instance
    const first = fx.cloud
      .invokeFunction('dispatch', { action: 'run', pageSize: 30, ratePerSec: 10, leaseMs: 1500 }, {})
      .catch((e: Error) => e);
    // Kill once sends are under way (some outbox entries exist, the page is not done).
    await waitUntil(() => fx.cloud.db.collection('outbox').count({ campaignId: 'c1' }) >= 5, { what: 'five claims', intervalMs: 20 });
    const killed = fx.cloud.runtime.instances('dispatch').filter((x) => x.state === 'busy' && x.pid);
    expect(killed.length).toBe(1);
    process.kill(killed[0].pid!, 'SIGKILL');
    expect(await first).toBeInstanceOf(Error);
    const before = fx.cloud.db.collection('outbox').count({ campaignId: 'c1' });
    await sleep(1600); // the dead run's lease expires
    await drain(fx, { pageSize: 30, leaseMs: 1500 });
    const docs = fx.cloud.db.collection('outbox').find({ campaignId: 'c1' }, { limit: 1000 });
    console.info(
      `[fault] killed after ${before} claims; unknown=${docs.filter((d) => d.status === 'unknown').length}`,
    );
    expect(docs.filter((d) => d.status === 'claimed')).toEqual([]);
    // At most the customers in flight when the instance died (default concurrency 4).
    expect(docs.filter((d) => d.status === 'unknown').length).toBeLessThanOrEqual(4);
    expect(invariants(fx.cloud)).toMatchObject({ duplicates: 0, sent_without_grant: 0 });
    expect(claimedOnce(fx).claims).toBe(claimedOnce(fx).distinct);
    expect(fx.cloud.db.collection('campaigns').get('c1')).toMatchObject({ status: 'done' });
  });
});
