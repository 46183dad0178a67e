/**
 * Every accepted track batch stored exactly once, whichever database request of `track` a crash
 * hits: after the tracker's retry of the same events (a new invocation, a new batchId) and the
 * rebuild timer's repair pass, each event is stored once and the profile is the fold of the stored
 * events (no increment lost or applied twice), with no pending mark left.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { exploreCrashPoints, type CrashPlan } from '../../../cloudfunctions/common/db/testing/crash-points';
import { wxConsentStore, wxDeadLetterStore, wxEventStore, wxProfileStore } from '../../../cloudfunctions/common/db/wx-ports';
import type { Db } from '../../../cloudfunctions/common/db/wx-db';
import { runRebuildJob } from '../../../cloudfunctions/rebuild/job';
import { IN_FLIGHT_GRACE_MS } from '../../../cloudfunctions/rebuild/rebuild-one';
import type { TrackContext } from '../../../cloudfunctions/track/context';
import { handleTrack } from '../../../cloudfunctions/track/pipeline';
import { consentOf, crashWorld, expectProfileIsFoldOfEvents, NOW, rebuildJobIdle } from './world';

const event = (i: number) => ({
  eventId: `e${i}`,
  name: i % 2 ? 'product_view' : 'add_to_cart',
  seq: i,
  deviceId: 'd1',
  sessionId: 's1',
  clientTs: NOW - 60_000 + i,
  props: { productId: 'p1', categoryId: 'tea', ...(i % 2 ? {} : { quantity: 1, priceFen: 5800 }) },
});
const FIRST = { events: [1, 2, 3].map(event) };
const SECOND = { events: [4, 5, 6, 7].map(event) };

// Every request of the batch, every pair, then every request of the resend and repair pass: a few
// CPU-seconds (4.7 s with jest at load 12), minutes at CI's tenth of a core; the 120 s default is too near.
jest.setTimeout(600_000);

let batches = 0;
function trackCtx(db: Db): TrackContext {
  const ports = {
    events: wxEventStore(db),
    profiles: wxProfileStore(db),
    consents: wxConsentStore(db),
    deadLetters: wxDeadLetterStore(db),
    catalog: { categoriesOf: async (ids: readonly string[]) => new Map(ids.filter((id) => id === 'p1').map((id) => [id, 'tea'])) },
  };
  return { openid: 'u1', trust: 'client', now: NOW, batchId: `b${++batches}`, ports, scorer: null, log: () => undefined, profile: 'none' };
}

/** `before`: batches the customer sent before the one that crashes. */
function exploration(before: Array<{ events: unknown[] }>, batch: { events: unknown[] }) {
  return {
    async setup(plan: CrashPlan) {
      const w = crashWorld(plan);
      await consentOf(w.raw, 'u1');
      await rebuildJobIdle(w.raw);
      for (const b of before) await handleTrack(b, trackCtx(w.raw));
      return w;
    },
    run: (w: ReturnType<typeof crashWorld>) => handleTrack(batch, trackCtx(w.db)),
    async recover(w: ReturnType<typeof crashWorld>, crashing = false) {
      // The tracker keeps a batch whose call failed and sends the same events again.
      const db = crashing ? w.db : w.raw;
      await handleTrack(batch, trackCtx(db));
      // A repair pass that died holds the rebuild lease until it lapses: the next tick comes later.
      const at = NOW + IN_FLIGHT_GRACE_MS + (crashing ? 60_000 : 10 * 60_000);
      await runRebuildJob({ db, now: () => at, budgetMs: 30_000, retentionDays: 180 });
    },
    async check(w: ReturnType<typeof crashWorld>) {
      const ids = w.rows(COLLECTIONS.events).map((e) => e.eventId).sort();
      const want = [...before, batch].flatMap((b) => b.events.map((e) => (e as { eventId: string }).eventId)).sort();
      if (JSON.stringify(ids) !== JSON.stringify(want)) throw new Error(`stored ${JSON.stringify(ids)}, want ${JSON.stringify(want)}`);
      await expectProfileIsFoldOfEvents(w.raw, 'u1');
    },
    pairs: true,
    recoveryCrashes: true,
  };
}

it('track, a customer\'s first batch (the profile is created): every crash point holds after the retry and the repair', async () => {
  const report = await exploreCrashPoints(exploration([], FIRST));
  expect(report.requests).toBeGreaterThan(4);
});

it('track, a later batch (the profile mirrors the consent): every crash point holds after the retry and the repair', async () => {
  const report = await exploreCrashPoints(exploration([FIRST], SECOND));
  expect(report.requests).toBeGreaterThanOrEqual(3);
});
