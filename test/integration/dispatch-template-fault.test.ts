/**
 * A campaign whose template the merchant deleted on the 公众平台 after customers granted it:
 * WeChat answers every send 40037, so the fault is the campaign's, not its customers'. Through
 * the real wx-server-sdk against the local cloud: the pass stops at the first refusal, nobody is
 * marked failed, the grant is given back, and the campaign is paused with staff's reason.
 */
import { campaignDoc, TPL, type Fixture } from './dispatch-fixtures';
import { campaignFaultSuite } from './campaign-fault-suite';

jest.setTimeout(120_000);

const { fx: cloud, due, admin, answered } = campaignFaultSuite('tpf');
let fx: Fixture;
/** The pass WeChat answers 40037, and the campaign and its card as the pass left them. */
let pass: { paused: Array<{ campaignId: string; reason: string }>; campaign: unknown; cardText: string };
// Both tests start from this pass, so each stands alone (-t) and in either order: the second
// changes the campaign (staff save it again), so the first reads the campaign as the pass left it.
beforeAll(async () => {
  fx = cloud();
  await fx.cloud.db.collection('campaigns').insert(campaignDoc('ctf', { holdoutPct: 0 }));
  expect(fx.cloud.subscribe.removeTemplate(TPL)).toBe(true);
  const r = (await fx.cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'ctf', concurrency: 1 }, {})) as {
    data: { paused: Array<{ campaignId: string; reason: string }> };
  };
  const card = (await admin({ action: 'campaignList' })).data.find((c: { _id: string }) => c._id === 'ctf');
  pass = { paused: r.data.paused, campaign: fx.cloud.db.collection('campaigns').get('ctf'), cardText: card.timing.text };
});

it('stops and pauses at the first 40037, keeps everyone due and their grants', async () => {
  expect(due.length).toBeGreaterThan(3);
  // One refusal, not one per customer.
  expect(answered(40037)).toHaveLength(1);
  expect(answered(0)).toHaveLength(0);
  expect(pass.paused).toEqual([{ campaignId: 'ctf', reason: 'template_invalid' }]);
  expect(fx.cloud.db.collection('outbox').count({ campaignId: 'ctf' })).toBe(0);
  for (const c of due)
    expect(fx.cloud.db.collection('grants').get(`${c.openid}:${TPL}`)).toMatchObject({ available: c.grants, consumed: 0 });
  expect(pass.campaign).toMatchObject({ status: 'paused', pausedReason: 'template_invalid', nextRunAt: null });
  expect(pass.cardText).toContain('订阅消息模板已失效');
});

it('after the 40037 staff are no longer offered the template nor counted its grants, until they say it is back', async () => {
  const faults = (await admin({ action: 'subscribeFaults' })).data;
  expect(faults.removed).toEqual([{ templateId: TPL, since: expect.any(Number), lastSeenAt: expect.any(Number), campaignId: 'ctf' }]);
  // 预计可发送: customers still hold grants of it in the ledger, but none can be used.
  const est = (await admin({ action: 'campaignAudience', segments: [1, 2], templateId: TPL })).data;
  expect(est.reachable).toBeGreaterThan(3);
  expect(est).toMatchObject({ subscribed: 0, templateRemoved: { templateId: TPL } });
  // Saving a campaign with it is refused on the template field (it would be refused again at the first send).
  const stored = fx.cloud.db.collection('campaigns').get('ctf')!;
  const input: Record<string, unknown> = { ...stored };
  for (const k of ['status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt', 'pausedReason', 'deferredReason', 'sendRequests', 'lastPassAt']) delete input[k];
  const saved = await admin({ action: 'campaignSave', campaign: input });
  expect(saved.error).toMatchObject({ code: 'INVALID_INPUT', details: { problems: [{ path: 'templateId', message: expect.stringContaining('该通知模板已失效') }] } });
  // 立即发送 unchanged is refused before anything reaches WeChat.
  expect((await admin({ action: 'campaignDispatch', id: 'ctf' })).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('该通知模板已失效') });
  expect(answered(40037)).toHaveLength(1);
  // Staff added it back on the 公众平台 and say so: counted again, and saving works.
  expect((await admin({ action: 'templateFaultClear', templateId: TPL })).data.removed).toEqual([]);
  expect((await admin({ action: 'campaignAudience', segments: [1, 2], templateId: TPL })).data.subscribed).toBe(due.length);
  expect((await admin({ action: 'campaignSave', campaign: input })).error).toBeUndefined();
});
