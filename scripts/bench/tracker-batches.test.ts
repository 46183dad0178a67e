import { trackerBatchSizes, trackerKillLoss } from './_tracker-batches';

describe('the tracker flush policy, measured with the real Tracker', () => {
  it('sends fuller requests than the old 5 s policy while someone browses', async () => {
    const now = await trackerBatchSizes({ sessions: 10 });
    const old = await trackerBatchSizes({ sessions: 10, tracker: { flushIntervalMs: 5000 } });
    expect(old.mean).toBeGreaterThan(3);
    expect(old.mean).toBeLessThan(4);
    expect(now.mean).toBeGreaterThan(5.5);
    expect(Math.max(...now.sizes)).toBeLessThanOrEqual(20); // flushAt still caps a request
  });

  it('loses nothing it captured when the app is killed, under either policy; a relaunch delivers the rest', async () => {
    for (const tracker of [{}, { flushIntervalMs: 5000 }]) {
      const k = await trackerKillLoss({ sessions: 60, tracker });
      expect(k.captured).toBeGreaterThan(500);
      expect(k.lost).toBe(0);
      expect(k.awaitingRelaunch).toBeGreaterThan(0); // the measure can see unsent events
      expect(k.lostAfterRelaunch).toBe(0);
    }
  });

  it('counts events that never reached storage as lost (the measure can fail)', async () => {
    const k = await trackerKillLoss({ sessions: 20, tracker: { limits: { maxCount: 2 } } });
    expect(k.lost).toBeGreaterThan(0);
  });
});
