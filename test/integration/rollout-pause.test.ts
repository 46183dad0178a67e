/**
 * 暂停发送 during a rolling deploy of `dispatch`: the README's "暂停发送 and the back-off" bullet,
 * pinned. A dispatcher from before staff pauses (session 21; here the oldest dispatch snapshot,
 * `before-ledger-entries`, which finishes a pass the same way) never reads the campaign again
 * during a pass and ends it with an unconditional `updateById`. So a pause that lands while such a
 * pass sends its last page is written over: a cron campaign is scheduled for its next fire again
 * (a 'now' one is marked done). This release asks before each page and writes only onto a running
 * campaign, so the pause stands; and at the overwritten campaign's next fire, this release's tick
 * pauses it again (the pause's `pausedBy` is left behind) rather than send it. Both run through the
 * real SDK, the pause through this `admin`.
 */
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import type { Release } from '../../scripts/local-cloud/functions/rollout';
import { campaignDoc, seedShop, STAFF, wxOutbox } from './dispatch-fixtures';
import { startRolloutCloud, type RolloutCloud } from './rollout-cloud';

const RELEASE = 'before-ledger-entries';
const CASES: Release[] = ['previous', 'current'];
/** Each case's customers and campaign: a segment of its own, three customers, one page. */
const who = (i: number) => ({ segment: 951 + i, campaignId: `pause_${i}`, openids: [0, 1, 2].map((k) => `rp_${i}_${k}`) });

let rc: RolloutCloud;
let cloud: FullCloud;
/** The campaign to pause at the run's first call to WeChat (null: none). */
let pauseAt: string | null = null;

jest.setTimeout(300_000);

beforeAll(async () => {
  rc = await startRolloutCloud();
  cloud = rc.cloud;
  const reg = cloud.registry;
  const openApi = reg.resolve('wx.openApi')!;
  // Staff pause the campaign while its pass sends (this admin, the only one serving).
  reg.register('wx.openApi', async (req) => {
    const id = pauseAt;
    // The run is of that campaign alone: its first call to WeChat is its first send.
    if (id) {
      pauseAt = null;
      const r = (await cloud.invokeFunction('admin', { action: 'campaignPause', id }, { openid: STAFF, source: 'wx_client' })) as { ok: boolean };
      expect(r.ok).toBe(true);
    }
    return openApi(req);
  });
  await seedShop(cloud, CASES.flatMap((_r, i) => who(i).openids.map((openid) => ({ openid, segment: who(i).segment, consent: 'granted' as const, personalization: true, grants: 1 }))));
  for (let i = 0; i < CASES.length; i++)
    await cloud.db.collection('campaigns').insert(campaignDoc(who(i).campaignId, { segments: [who(i).segment], holdoutPct: 0, quietHours: null, schedule: { kind: 'cron', cron: '0 0 9 * * * *' } }));
});

afterAll(() => rc?.close());

it.each(CASES.map((r, i): [Release, number] => [r, i]))('a pause during the last page of a pass on the %s dispatcher', async (release, i) => {
  const { campaignId, openids } = who(i);
  await cloud.runtime.startRollout('dispatch', { release: RELEASE, routing: { mode: 'sequence', releases: [release] } });
  pauseAt = campaignId;
  const out = await cloud.runtime.invokeDetailed('dispatch', { action: 'run', campaignId, concurrency: 1 }, {});
  expect(out.release).toBe(release);
  expect(pauseAt).toBeNull(); // the pause landed during the pass
  const sent = wxOutbox(cloud).filter((e) => e.page?.endsWith(`campaignId=${campaignId}`) && e.errcode === 0);
  // The page under way goes out on either release (the 暂停发送 answer says so).
  expect(sent.length).toBe(openids.length);
  const c = cloud.db.collection('campaigns').get(campaignId) as { status: string; pausedBy?: string; nextRunAt: number | null; staffActions?: unknown[] };
  expect(c.staffActions).toHaveLength(1);
  if (release === 'current') {
    expect(c).toMatchObject({ status: 'paused', pausedBy: STAFF, nextRunAt: null });
  } else {
    // Written over: scheduled for the cron's next 09:00, the pause's fields left behind.
    expect(c).toMatchObject({ status: 'scheduled', pausedBy: STAFF });
    expect(c.nextRunAt).toBeGreaterThan(Date.now());
    // Its card promises no send time: it says paused, as the next tick will make it.
    const list = (await cloud.invokeFunction('admin', { action: 'campaignList' }, { openid: STAFF, source: 'wx_client' })) as { data: Array<{ _id: string; timing: { state: string; at: number | null } }> };
    expect(list.data.find((x) => x._id === campaignId)?.timing).toMatchObject({ state: 'paused', at: null });
    // At that fire (moved to now) this release's tick pauses it again and sends nothing.
    await cloud.db.collection('campaigns').update({ _id: campaignId }, { $set: { nextRunAt: Date.now() } });
    await cloud.runtime.startRollout('dispatch', { release: RELEASE, routing: { mode: 'sequence', releases: ['current'] } });
    const next = await cloud.runtime.invokeDetailed('dispatch', { action: 'run', campaignId, concurrency: 1 }, {});
    expect(next.release).toBe('current');
    expect(cloud.db.collection('campaigns').get(campaignId)).toMatchObject({ status: 'paused', pausedBy: STAFF, pausedFrom: 'scheduled', nextRunAt: null });
    expect(wxOutbox(cloud).filter((e) => e.page?.endsWith(`campaignId=${campaignId}`))).toHaveLength(openids.length);
  }
});
