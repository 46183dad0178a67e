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
