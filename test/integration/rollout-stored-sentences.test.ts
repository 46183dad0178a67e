/**
 * Why this release still writes the stored sentences (`segmentReasons` beside
 * `segmentReasonFacts`; README, "Updating a running environment", the stored-sentences bullet).
 * Every release before 0844b0c (session 21) words 我的's reasons from the sentences a pass stored;
 * `before-export-files` is such a release still in support (its privacy is a committed snapshot).
 * A profile this release's segment pass wrote: 我的 on that old privacy shows the same reasons as
 * on this one. Were the pass to stop writing the sentences, the old release's 我的 would show none,
 * and this test fails: it stays until no release from before 0844b0c can serve `privacy`.
 */
import type { Reply } from '../helpers/reply';
import { startRolloutCloud, triggerTimer, type RolloutCloud } from './rollout-cloud';
import { ev } from './track-cloud';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const OPENID = 'cust_sentences';
let rc: RolloutCloud;

const buy = (daysAgo: number, fen: number) =>
  ev({ name: 'purchase', clientTs: Date.now() - daysAgo * DAY, sessionId: `s${daysAgo}`, props: { orderId: `o${daysAgo}x${fen}`, amountFen: fen, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: fen }] } });

beforeAll(async () => {
  rc = await startRolloutCloud();
  const { cloud } = rc;
  expect(((await cloud.invokeFunction('privacy', { action: 'setConsent', version: 1 }, { openid: OPENID, source: 'wx_client' })) as Reply).ok).toBe(true);
  const events = [buy(1, 30000), buy(6, 25000), buy(15, 40000), buy(33, 28000), ev({ clientTs: Date.now() - DAY, sessionId: 'v1' })];
  const imported = (await cloud.invokeFunction('track', { events, importFor: OPENID }, { source: 'wx_devtools' })) as Reply;
  expect(imported.data?.accepted).toBe(events.length);
  const pass = (await triggerTimer(cloud, 'segment')) as { result: Reply };
  expect(pass.result.error).toBeUndefined();
});
afterAll(() => rc?.close());

describe('stored sentences: 我的 on privacy of a release before the stored figures', () => {
  it("shows the reasons this release's segment pass wrote, as this release's 我的 does", async () => {
    const { cloud } = rc;
    const profile = cloud.db.collection('profiles').get(OPENID)!;
    expect(Array.isArray(profile.segmentReasonFacts)).toBe(true);
    const me = async () => {
      const r = (await cloud.runtime.invokeDetailed('privacy', { action: 'me' }, { openid: OPENID, source: 'wx_client' })) as { release?: string; result: Reply };
      expect(r.result.error).toBeUndefined();
      return { release: r.release, reasons: r.result.data.segment?.reasons as string[] | undefined };
    };
    const today = await me();
    expect(today.reasons?.length).toBeGreaterThan(0);
    await cloud.runtime.startRollout('privacy', { release: 'before-export-files', routing: { mode: 'sequence', releases: ['previous'] } });
    const old = await me();
    expect(old.release).toBe('previous');
    expect(old.reasons).toEqual(today.reasons);
  });
});
