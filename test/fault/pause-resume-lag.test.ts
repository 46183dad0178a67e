/**
 * 暂停发送 and 继续发送 on a cloud whose reads lag the writes by 10 minutes (the local cloud's
 * stale-read fault), through the REAL wx-server-sdk. CloudBase does not promise read-your-writes,
 * so staff acting right after a change (their own 立即发送 or 暂停发送, or the dispatcher starting a
 * pass) read the campaign as it was. Before session 22 both actions decided on that read and
 * answered CONFLICT (safe: nothing written, but wrong for staff, who did nothing wrong). Now each
 * is a conditional write from every status it may act on (campaign-pause.ts, campaign-resume.ts),
 * and the reply is the campaign as written, not the lagging read-back. The lag is far longer than
 * the test, so no load makes a write visible early.
 */
import { pauseCampaign } from '../../cloudfunctions/common/admin/campaign-pause';
import { dispatchCampaign } from '../../cloudfunctions/common/admin/campaigns';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';
import { campaignDoc } from '../integration/dispatch-fixtures';

const C = COLLECTIONS.campaigns;
let t: TestCloud;
let db: Db;
/** What the primary holds now (the in-process handle reads the current state). */
const stored = (id: string) => t.cloud.db.collection(C).find({ _id: id })[0] as Record<string, unknown>;
/** The dispatcher as 立即发送 starts it: records that it was asked, sends nothing. */
const started: string[] = [];
const startDispatch = async (id: string) => void started.push(id);

jest.setTimeout(120_000);

/** A local cloud for the describe it is called in, its reads `lagMs` behind the writes. */
function cloudFor(lagMs: number): void {
  beforeAll(async () => {
    t = await startTestCloud({ schema: true, staleReadMs: lagMs });
    Object.assign(process.env, t.env, { SILENCE: 'true' });
    db = new Db(loadSdk('local').database());
  });
  afterAll(() => t?.close());
}

/** A campaign every read already shows as `status` (then the writes under test lag behind). */
async function seeded(id: string, over: Record<string, unknown> = {}): Promise<void> {
  await db.insert(C, [campaignDoc(id, { segments: [], schedule: { kind: 'now' }, ...over })]);
  t.cloud.replica!.catchUp();
}

describe('reads 10 minutes behind', () => {
  cloudFor(10 * 60_000);

  it('暂停发送 right after 立即发送 (the read still shows 草稿): paused from scheduled, the reply says so', async () => {
    await seeded('lag_a', { status: 'draft', nextRunAt: null });
    await dispatchCampaign(db, 'lag_a', startDispatch, Date.now(), 'staff_1');
    expect(stored('lag_a').status).toBe('scheduled');
    expect((await db.getById(C, 'lag_a'))?.status).toBe('draft'); // the lag is on
    const reply = await pauseCampaign(db, 'staff_2', 'lag_a');
    expect(reply).toMatchObject({ status: 'paused', pausedBy: 'staff_2', pausedFrom: 'scheduled' });
    expect(stored('lag_a')).toMatchObject({
      status: 'paused',
      pausedBy: 'staff_2',
      pausedFrom: 'scheduled',
      nextRunAt: null,
    });
    expect((stored('lag_a').staffActions as unknown[]).length).toBe(1);
  });

  it('暂停发送 while the dispatcher just started it (the read still shows 待发送): paused from running', async () => {
    await seeded('lag_b');
    await db.updateWhere(C, { _id: 'lag_b', status: 'scheduled' }, { status: 'running' }); // the dispatcher's start
    const reply = await pauseCampaign(db, 'staff_1', 'lag_b');
    expect(reply).toMatchObject({ status: 'paused', pausedFrom: 'running' });
    expect(stored('lag_b')).toMatchObject({ status: 'paused', pausedFrom: 'running' });
  });

  it('继续发送 right after 暂停发送 mid-pass (the read still shows 正在发送): due now, the dispatcher started, both logged', async () => {
    await seeded('lag_c', { status: 'running', schedule: { kind: 'cron', cron: '0 0 9 * * * *' } });
    await pauseCampaign(db, 'staff_1', 'lag_c');
    expect((await db.getById(C, 'lag_c'))?.status).toBe('running');
    const before = Date.now();
    const r = await dispatchCampaign(db, 'lag_c', startDispatch, Date.now(), 'staff_2');
    expect(started).toContain('lag_c');
    // Mid-pass: carries on now, not at the cron's next 09:00.
    expect(stored('lag_c')).toMatchObject({ status: 'scheduled', pausedBy: null, pausedFrom: null });
    expect(stored('lag_c').nextRunAt as number).toBeGreaterThanOrEqual(before);
    expect(stored('lag_c').nextRunAt as number).toBeLessThanOrEqual(Date.now());
    expect(
      (stored('lag_c').staffActions as Array<{ action: string; by: string }>).map(
        (a) => `${a.action}:${a.by}`,
      ),
    ).toEqual(['pause:staff_1', 'resume:staff_2']);
    // The reply is the campaign as written (the read-back lags): 继续发送 is no longer offered, the
    // resume is on its log (the pause is not: the read it is composed from does not show it yet).
    expect(r.campaign).toMatchObject({ status: 'scheduled', pausedBy: null });
    expect(r.campaign.staffActions?.at(-1)).toMatchObject({ action: 'resume', by: 'staff_2' });
  });

  it('a campaign paused before the read shows 待发送: 继续发送 resumes it at its next fire, not now', async () => {
    await seeded('lag_d', { status: 'scheduled', schedule: { kind: 'cron', cron: '0 0 9 * * * *' } });
    await pauseCampaign(db, 'staff_1', 'lag_d');
    started.length = 0;
    await dispatchCampaign(db, 'lag_d', startDispatch, Date.now(), 'staff_1');
    expect(started).toEqual([]);
    expect(stored('lag_d')).toMatchObject({ status: 'scheduled', pausedFrom: null });
    expect(stored('lag_d').nextRunAt as number).toBeGreaterThan(Date.now() + 60_000);
  });

  it('the conflicts that are true stay conflicts, decided by the primary, whatever the read shows', async () => {
    // Paused already (the read shows 正在发送).
    await seeded('lag_e', { status: 'running' });
    await pauseCampaign(db, 'staff_1', 'lag_e');
    await expect(pauseCampaign(db, 'staff_1', 'lag_e')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '活动已暂停',
    });
    // Finished meanwhile (the read shows 正在发送).
    await seeded('lag_f', { status: 'running' });
    await db.updateWhere(C, { _id: 'lag_f', status: 'running' }, { status: 'done', nextRunAt: null });
    await expect(pauseCampaign(db, 'staff_1', 'lag_f')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '只有等待发送或正在发送的活动可以暂停',
    });
    expect(stored('lag_f').status).toBe('done');
    // Sending: 立即发送 is refused and writes nothing (the read shows it paused).
    await seeded('lag_g', { status: 'paused', pausedBy: 'staff_1', pausedFrom: 'scheduled' });
    await db.updateWhere(
      C,
      { _id: 'lag_g', status: 'paused' },
      { status: 'running', pausedBy: null, pausedFrom: null },
    );
    await expect(dispatchCampaign(db, 'lag_g', startDispatch, Date.now(), 'staff_1')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '活动正在发送中',
    });
    expect(stored('lag_g')).toMatchObject({ status: 'running' });
    // A campaign saved a moment ago that no read shows yet can still be paused once scheduled.
    await db.insert(C, [campaignDoc('lag_h', { segments: [] })]);
    expect(await db.getById(C, 'lag_h')).toBeNull();
    expect(await pauseCampaign(db, 'staff_1', 'lag_h')).toMatchObject({
      _id: 'lag_h',
      status: 'paused',
      pausedFrom: 'scheduled',
    });
    await expect(pauseCampaign(db, 'staff_1', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('保存并发送 of a campaign no read shows yet: read again after waits, then UNAVAILABLE (ask again), nothing written', async () => {
    await db.insert(C, [campaignDoc('lag_new', { segments: [], status: 'draft', nextRunAt: null })]);
    const started0 = started.length;
    await expect(dispatchCampaign(db, 'lag_new', startDispatch, Date.now(), 'staff_1')).rejects.toMatchObject(
      { code: 'UNAVAILABLE', message: '活动刚保存，系统还读不到，请稍后再点发送' },
    );
    expect(stored('lag_new')).toMatchObject({ status: 'draft' });
    expect(started.length).toBe(started0);
  });
});

describe('reads 2 seconds behind (shorter than the waits, db/lag-wait.ts)', () => {
  cloudFor(2_000);
  const caughtUp = () => new Promise((r) => setTimeout(r, 2_100));

  it('保存并发送 right after the first save: sent, not 活动不存在', async () => {
    await db.insert(C, [
      campaignDoc('lag_s1', { segments: [], status: 'draft', nextRunAt: null, revision: 0 }),
    ]);
    const r = await dispatchCampaign(db, 'lag_s1', startDispatch, Date.now(), 'staff_1');
    expect(started).toContain('lag_s1');
    expect(r.campaign).toMatchObject({ _id: 'lag_s1', status: 'scheduled' });
    expect(stored('lag_s1')).toMatchObject({ status: 'scheduled', revision: 0 });
  });

  it('保存并发送 right after an edit to a weekly schedule: sent at its next fire (the edited version), not now', async () => {
    await db.insert(C, [
      campaignDoc('lag_s2', { segments: [], status: 'draft', nextRunAt: null, revision: 0 }),
    ]);
    await caughtUp();
    // The editor's save: a new schedule, the revision bumped (saveCampaign's write).
    await db.updateWhere(
      C,
      { _id: 'lag_s2', revision: 0 },
      { schedule: { kind: 'cron', cron: '0 0 9 * * * *' }, revision: 1, updatedAt: Date.now() },
    );
    started.length = 0;
    await dispatchCampaign(db, 'lag_s2', startDispatch, Date.now(), 'staff_1');
    expect(started).toEqual([]);
    expect(stored('lag_s2')).toMatchObject({ status: 'scheduled', revision: 1 });
    expect(stored('lag_s2').nextRunAt as number).toBeGreaterThan(Date.now() + 60_000);
  });
});
