/**
 * The batch sizes real phones send, derived from the tracker's own flush policy: the REAL
 * {@link Tracker} (default options unless overridden) runs browsing sessions on a fake clock —
 * one product view every 0.5–3 s (uniform, the pace of someone scrolling a catalog), 60 events a
 * session, then the app goes to the background (the tracker flushes on hide) — and every request
 * it sends is recorded. The ingest bench draws its small batches from this distribution, and the
 * tracker bench reports it, so both follow the tracker when its flush policy changes.
 */
import { contractValidator } from '../../miniprogram/src/tracking/contract-validator';
import { FakeClock, FakeTrackServer, MemoryStorage } from '../../miniprogram/src/tracking/test-fakes';
import { Tracker, type TrackerOptions } from '../../miniprogram/src/tracking/tracker';
import { rng } from '../replay/rng';

/** Sizes of the requests a tracker sent, and their mean. */
export interface BatchSizeDistribution {
  sizes: number[];
  mean: number;
  /** size → how many requests had it. */
  histogram: Record<number, number>;
}

/** Runs `sessions` browsing sessions through the real tracker and records each request's size. */
export async function trackerBatchSizes(
  o: { sessions?: number; eventsPerSession?: number; seed?: number; tracker?: Partial<TrackerOptions> } = {},
): Promise<BatchSizeDistribution> {
  const rand = rng(o.seed ?? 7);
  const sizes: number[] = [];
  for (let s = 0; s < (o.sessions ?? 30); s++) {
    const clock = new FakeClock();
    const server = new FakeTrackServer();
    const t = new Tracker({
      storage: new MemoryStorage(),
      transport: server,
      clock,
      validate: contractValidator,
      random: rand,
      ...o.tracker,
    });
    t.start();
    t.grantConsent('1');
    for (let i = 0; i < (o.eventsPerSession ?? 60); i++) {
      t.track('product_view', { productId: `p${i % 40}`, categoryId: 'tea', priceFen: 100 });
      await clock.advance(500 + Math.floor(rand() * 2500));
    }
    t.appHidden();
    await clock.advance(60_000);
    t.dispose();
    sizes.push(...server.requests.map((r) => r.length));
  }
  const histogram: Record<number, number> = {};
  for (const n of sizes) histogram[n] = (histogram[n] ?? 0) + 1;
  return { sizes, mean: sizes.reduce((a, b) => a + b, 0) / sizes.length, histogram };
}

/** What a kill of the app costs, over many sessions killed at a random moment. */
export interface KillLoss {
  kills: number;
  /** Events `track()` accepted before the kills. */
  captured: number;
  /** Captured but neither on the server nor in storage when the app died: gone for good. */
  lost: number;
  /** Persisted but not yet sent at the kill: delivered only when the customer opens the app again. */
  awaitingRelaunch: number;
  /** Lost after a relaunch drained the persisted queue (should stay 0). */
  lostAfterRelaunch: number;
}

/** Storage whose writes stop when the process "dies" (a late reply must not clean the queue). */
class KillableStorage extends MemoryStorage {
  dead = false;
  override set(key: string, value: string): void {
    if (!this.dead) super.set(key, value);
  }
  override remove(key: string): void {
    if (!this.dead) super.remove(key);
  }
}

/**
 * Kills the app (no `appHidden`: a crash or the system reclaiming a foreground app) at a random
 * moment of each browsing session and counts what was captured, sent, persisted and lost; then
 * relaunches on the same storage and counts what never arrived.
 */
export async function trackerKillLoss(
  o: { sessions?: number; seed?: number; tracker?: Partial<TrackerOptions> } = {},
): Promise<KillLoss> {
  const rand = rng(o.seed ?? 11);
  const out: KillLoss = { kills: 0, captured: 0, lost: 0, awaitingRelaunch: 0, lostAfterRelaunch: 0 };
  for (let s = 0; s < (o.sessions ?? 200); s++) {
    const clock = new FakeClock();
    const server = new FakeTrackServer();
    const storage = new KillableStorage();
    const opts = { storage, transport: server, clock, validate: contractValidator, random: rand, ...o.tracker };
    const t = new Tracker(opts);
    t.start();
    t.grantConsent('1');
    const ids: string[] = [];
    const n = 1 + Math.floor(rand() * 60);
    for (let i = 0; i < n; i++) {
      if (t.track('product_view', { productId: `p${i % 40}`, categoryId: 'tea', priceFen: 100 })) ids.push(t.pending().at(-1)!.eventId);
      await clock.advance(500 + Math.floor(rand() * 2500));
    }
    storage.dead = true; // killed: timers never fire again, replies are never processed
    t.dispose();
    const persisted = new Set(storage.keys().map((k) => storage.get(k) ?? ''));
    const inStorage = (id: string) => [...persisted].some((v) => v.includes(`"eventId":"${id}"`));
    out.kills++;
    out.captured += ids.length;
    out.lost += ids.filter((id) => !server.stored.has(id) && !inStorage(id)).length;
    out.awaitingRelaunch += ids.filter((id) => !server.stored.has(id) && inStorage(id)).length;
    storage.dead = false;
    const again = new Tracker({ ...opts, clock });
    again.start();
    await clock.advance(120_000);
    again.dispose();
    out.lostAfterRelaunch += ids.filter((id) => !server.stored.has(id)).length;
  }
  return out;
}
