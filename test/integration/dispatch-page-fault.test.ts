/**
 * A campaign whose page WeChat refuses (41030) through the real wx-server-sdk against the local
 * cloud: the fault is the campaign's, not its customers'. Stored straight into the database, as a
 * release before pages were checked would have saved it (or as a later app release left it by
 * removing the page): the pass stops at the first refusal, nobody is marked failed, the campaign
 * is paused with staff's reason, and after staff fix the page each customer gets one notice.
 */
import { campaignDoc, invariants, TPL, type Fixture } from './dispatch-fixtures';
import { campaignFaultSuite } from './campaign-fault-suite';
import { waitUntil } from '../helpers/wait-until';

jest.setTimeout(120_000);

const { fx: cloud, due, admin, answered } = campaignFaultSuite('pgf');
let fx: Fixture;
beforeAll(() => void (fx = cloud()));

it('stops and pauses at the first 41030, keeps everyone due, and sends once after the page is fixed', async () => {
  expect(due.length).toBeGreaterThan(3);
  await fx.cloud.db.collection('campaigns').insert(campaignDoc('cpf', { holdoutPct: 0, page: 'pages/flash-sale/index' }));
  const r = (await fx.cloud.invokeFunction('dispatch', { action: 'run', campaignId: 'cpf', concurrency: 1 }, {})) as {
    data: { status: string; paused: Array<{ campaignId: string; reason: string }> };
  };
  // One refusal, not one per customer: the pass stopped instead of sending into it.
  expect(answered(41030)).toHaveLength(1);
  expect(answered(0)).toHaveLength(0);
  expect(r.data.paused).toEqual([{ campaignId: 'cpf', reason: 'page_invalid' }]);
  // Nobody is marked failed (a corrected campaign would skip them): no outbox entry at all.
  expect(fx.cloud.db.collection('outbox').count({ campaignId: 'cpf' })).toBe(0);
  // Every grant is where it was, at WeChat and in the ledger.
  for (const c of due) {
    expect(fx.cloud.subscribe.grant(c.openid, TPL)).toMatchObject({ available: c.grants });
    expect(fx.cloud.db.collection('grants').get(`${c.openid}:${TPL}`)).toMatchObject({ available: c.grants, consumed: 0 });
  }
  expect(fx.cloud.db.collection('campaigns').get('cpf')).toMatchObject({ status: 'paused', pausedReason: 'page_invalid', nextRunAt: null });
  // The admin card says why, in staff's words.
  const card = (await admin({ action: 'campaignList' })).data.find((c: { _id: string }) => c._id === 'cpf');
  expect(card).toMatchObject({ status: 'paused', timing: { state: 'paused' } });
  expect(card.timing.text).toContain('通知跳转页面无效，请修改活动后再发送');
  // Sent again unchanged: refused before anything reaches WeChat.
  const again = await admin({ action: 'campaignDispatch', id: 'cpf' });
  expect(again.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('请修改活动后再发送') });
  expect(answered(41030)).toHaveLength(1);
  // Staff fix the page in the editor and send again.
  const stored = fx.cloud.db.collection('campaigns').get('cpf')!;
  const input: Record<string, unknown> = { ...stored, page: 'pages/product/index?id=p1' };
  for (const k of ['status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt', 'pausedReason', 'deferredReason', 'sendRequests', 'lastPassAt'])
    delete input[k];
  const saved = await admin({ action: 'campaignSave', campaign: input });
  expect(saved.error).toBeUndefined();
  const sent = await admin({ action: 'campaignDispatch', id: 'cpf' });
  expect(sent.error).toBeUndefined();
  await waitUntil(() => fx.cloud.db.collection('campaigns').get('cpf')?.status === 'done', { what: 'the corrected pass' });
  // Each customer due got exactly one notice, on the fixed page; nothing more was refused.
  const delivered = answered(0);
  expect(delivered.map((e) => e.touser).sort()).toEqual(due.map((c) => c.openid).sort());
  for (const e of delivered) expect(e.page).toBe('pages/product/index?id=p1&campaignId=cpf');
  expect(answered(41030)).toHaveLength(1);
  const outbox = fx.cloud.db.collection('outbox').find({ campaignId: 'cpf' }, { limit: 1000 });
  expect(outbox.map((d) => d.status)).toEqual(due.map(() => 'sent'));
  for (const c of due) expect(fx.cloud.subscribe.grant(c.openid, TPL)).toMatchObject({ available: c.grants - 1 });
  expect(fx.cloud.db.collection('campaigns').get('cpf')).toMatchObject({ pausedReason: null });
  expect(invariants(fx.cloud)).toEqual({ delivered: due.length, duplicates: 0, sent_without_grant: 0 });
});
