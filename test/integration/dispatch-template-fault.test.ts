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
beforeAll(() => void (fx = cloud()));

it('stops and pauses at the first 40037, keeps everyone due and their grants', async () => {
  expect(due.length).toBeGreaterThan(3);
  await fx.cloud.db.collection('campaigns').insert(campaignDoc('ctf', { holdoutPct: 0 }));
  expect(fx.cloud.subscribe.removeTemplate(TPL)).toBe(true);
  const r = (await fx.cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'ctf', concurrency: 1 }, {})) as {
    data: { paused: Array<{ campaignId: string; reason: string }> };
  };
  // One refusal, not one per customer.
  expect(answered(40037)).toHaveLength(1);
  expect(answered(0)).toHaveLength(0);
  expect(r.data.paused).toEqual([{ campaignId: 'ctf', reason: 'template_invalid' }]);
  expect(fx.cloud.db.collection('outbox').count({ campaignId: 'ctf' })).toBe(0);
  for (const c of due)
    expect(fx.cloud.db.collection('grants').get(`${c.openid}:${TPL}`)).toMatchObject({ available: c.grants, consumed: 0 });
  expect(fx.cloud.db.collection('campaigns').get('ctf')).toMatchObject({ status: 'paused', pausedReason: 'template_invalid', nextRunAt: null });
  const card = (await admin({ action: 'campaignList' })).data.find((c: { _id: string }) => c._id === 'ctf');
  expect(card.timing.text).toContain('订阅消息模板已失效');
});
