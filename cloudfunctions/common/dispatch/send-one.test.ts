import { COLLECTIONS } from '../contracts/collections';
import { loseAddAnswers } from '../db/testing/lost-answer';
import { memoryDb, memorySdk } from '../db/testing/memory-sdk';
import { Db } from '../db/wx-db';
import { grantId } from './grants-ledger';
import { outboxId } from './outbox';
import { claimHoldout, sendOne, type Sender, type SubscribeMessage } from './send-one';
import { wechatSend } from './testing/wechat-send';

const TPL = 'tpl_price_drop';
const RETRY = { maxAttempts: 3, baseDelayMs: 0 };
const msg = (touser: string): SubscribeMessage => ({
  touser,
  templateId: TPL,
  page: 'pages/product/index?id=p1&campaignId=c1',
  data: { thing1: { value: '绿茶' } },
  miniprogramState: 'formal',
});

/** A store with `available` grants for customer `u1`, and a sender that answers `codes` in turn. */
async function setup(available: number, codes: number[] = [0]) {
  const { db, tables } = memoryDb();
  if (available >= 0)
    await db.insert(COLLECTIONS.grants, [
      { _id: grantId('u1', TPL), openid: 'u1', templateId: TPL, available, accepted: available, consumed: 0 },
    ]);
  const sent: SubscribeMessage[] = [];
  const send: Sender = wechatSend(async (m) => {
    sent.push(m);
    const code = codes[Math.min(sent.length - 1, codes.length - 1)];
    if (code !== 0) throw Object.assign(new Error(`errcode ${code}`), { errCode: code });
    return { errCode: 0 };
  });
  const grant = () => tables.get(COLLECTIONS.grants)?.get(grantId('u1', TPL));
  const outbox = () => tables.get(COLLECTIONS.outbox)?.get(outboxId('c1', 'u1'));
  return { db, send, sent, grant, outbox };
}

it('claims, consumes one grant, sends once and records the attempt', async () => {
  const s = await setup(2);
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY)).toBe('sent');
  expect(s.sent).toEqual([msg('u1')]);
  expect(s.grant()).toMatchObject({ available: 1, consumed: 1 });
  expect(s.outbox()).toMatchObject({
    status: 'sent',
    group: 'treatment',
    runOwner: 'run1',
    attempts: [{ code: 0 }],
  });
});

it('never sends twice for the same campaign and customer (the claim is taken)', async () => {
  const s = await setup(2);
  await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY);
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run2', RETRY)).toBe('taken');
  expect(s.sent).toHaveLength(1);
  expect(s.grant()).toMatchObject({ available: 1, consumed: 1 });
});

it('a claim stored though its answer was lost is ours: the send goes out (another run still finds it taken)', async () => {
  // wx-server-sdk reports a lost answer as -501001, the code a duplicate _id arrives with: the
  // read-back finds our own claim, which insertUnique knows by its write-id.
  const sdk = loseAddAnswers(memorySdk(), COLLECTIONS.outbox);
  const db = new Db(sdk);
  await db.insert(COLLECTIONS.grants, [{ _id: grantId('u1', TPL), openid: 'u1', templateId: TPL, available: 2, accepted: 2, consumed: 0 }]);
  const sent: SubscribeMessage[] = [];
  const send: Sender = wechatSend(async (m) => void sent.push(m));
  expect(await sendOne(db, send, msg('u1'), 'c1', 'run1', RETRY)).toBe('sent');
  expect(sdk.tables.get(COLLECTIONS.outbox)?.get(outboxId('c1', 'u1'))).toMatchObject({ status: 'sent', runOwner: 'run1' });
  expect(await sendOne(db, send, msg('u1'), 'c1', 'run2', RETRY)).toBe('taken');
  expect(sent).toEqual([msg('u1')]);
});

it('a hold-out claim stored though its answer was lost counts as a hold-out, not as taken', async () => {
  // -501001 is both a lost answer and a duplicate _id: insertUnique's write-id says which.
  const sdk = loseAddAnswers(memorySdk(), COLLECTIONS.outbox);
  const db = new Db(sdk);
  expect(await claimHoldout(db, 'c1', 'u1', TPL, 'run1', 5)).toBe('holdout');
  expect(await claimHoldout(db, 'c1', 'u1', TPL, 'run2', 6)).toBe('taken');
  expect(sdk.tables.get(COLLECTIONS.outbox)?.get(outboxId('c1', 'u1'))).toMatchObject({ status: 'holdout', runOwner: 'run1', claimedAt: 5 });
});

it('never sends without a grant: the claim is closed as skipped', async () => {
  for (const available of [0, -1]) {
    const s = await setup(available); // 0 left, or no ledger entry at all
    expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY)).toBe('no_grant');
    expect(s.sent).toHaveLength(0);
    expect(s.outbox()).toMatchObject({ status: 'skipped', reason: 'no_grant' });
  }
});

it('retries a busy answer and records every attempt', async () => {
  const s = await setup(1, [-1, 45011, 0]);
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY)).toBe('sent');
  expect(s.sent).toHaveLength(3);
  expect(s.outbox()!.attempts.map((a: { code: number }) => a.code)).toEqual([-1, 45011, 0]);
  expect(s.grant()).toMatchObject({ available: 0, consumed: 1 });
});

it('an opt-out during the backoff of a busy answer stops the retry and gives the grant back', async () => {
  const s = await setup(1, [-1, 0]);
  let reads = 0;
  // Allowed at the first attempt; personalised pushes off by the retry.
  const recheck = async () => (++reads > 1 ? ('personalization_off' as const) : null);
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY, recheck)).toBe('skip_personalization_off');
  expect(s.sent).toHaveLength(1); // the answered busy attempt only: WeChat delivered nothing
  expect(s.outbox()).toMatchObject({ status: 'opted_out', reason: 'personalization_off', attempts: [{ code: -1 }] });
  expect(s.grant()).toMatchObject({ available: 1, consumed: 0 });
});

it('an opt-out read beside the claim closes it without touching the grant', async () => {
  // The consent is read before the consumption, so the consumption is the last write before the
  // call: a vetoed notice neither consumes nor gives back (nor stamps) anything.
  const s = await setup(1);
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY, async () => 'no_consent' as const)).toBe('skip_no_consent');
  expect(s.sent).toHaveLength(0);
  expect(s.outbox()).toMatchObject({ status: 'opted_out', reason: 'no_consent' });
  expect(s.grant()).toEqual({ _id: grantId('u1', TPL), openid: 'u1', templateId: TPL, available: 1, accepted: 1, consumed: 0 });
});

it('gives up after the last retry, and keeps the consumed grant', async () => {
  const s = await setup(1, [-1]);
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY)).toBe('failed');
  expect(s.sent).toHaveLength(3);
  expect(s.outbox()).toMatchObject({ status: 'failed', errorCode: -1 });
});

it('settles the ledger on a permanent refusal: zeroed on 43101, refunded on 47003', async () => {
  const zero = await setup(3, [43101]);
  expect(await sendOne(zero.db, zero.send, msg('u1'), 'c1', 'run1', RETRY)).toBe('failed');
  expect(zero.sent).toHaveLength(1);
  expect(zero.grant()).toMatchObject({ available: 0, lastErrorCode: 43101 });
  const refund = await setup(3, [47003]);
  expect(await sendOne(refund.db, refund.send, msg('u1'), 'c1', 'run1', RETRY)).toBe('failed');
  expect(refund.grant()).toMatchObject({ available: 3, consumed: 0, lastErrorCode: 47003 });
  expect(refund.outbox()).toMatchObject({ status: 'failed', errorCode: 47003 });
});

it('never retries an ambiguous answer: unknown, grant stays consumed', async () => {
  const s = await setup(1, [99999]);
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY)).toBe('unknown');
  expect(s.sent).toHaveLength(1);
  expect(s.outbox()).toMatchObject({ status: 'unknown', errorCode: 99999 });
  expect(s.grant()).toMatchObject({ available: 0, consumed: 1 });
});

it('records a holdout member once, and never sends to them', async () => {
  const s = await setup(1);
  expect(await claimHoldout(s.db, 'c1', 'u1', TPL, 'run1')).toBe('holdout');
  expect(await claimHoldout(s.db, 'c1', 'u1', TPL, 'run2')).toBe('taken');
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY)).toBe('taken');
  expect(s.sent).toHaveLength(0);
  expect(s.outbox()).toMatchObject({ status: 'holdout', group: 'holdout' });
  expect(s.grant()).toMatchObject({ available: 1 });
});

it('a consent re-check that cannot be read sends nothing and leaves the customer due, the grant theirs', async () => {
  // The read before the send failed (a timeout): whether they still allow it is unknown, so no
  // notice goes; but nothing went to WeChat either, so neither their grant nor this campaign's
  // send to them may be used up (an open claim is closed 'unknown' by the next run, never resent).
  const s = await setup(1);
  const unreadable = async (): Promise<null> => {
    throw { errCode: -501001, errMsg: 'collection.get:fail -501001 request timeout' };
  };
  await expect(sendOne(s.db, s.send, msg('u1'), 'c1', 'run1', RETRY, unreadable)).rejects.toBeDefined();
  expect(s.sent).toHaveLength(0);
  expect(s.grant()).toMatchObject({ available: 1, consumed: 0 });
  expect(s.outbox()).toBeUndefined();
  // The next pass reads the consent and sends.
  expect(await sendOne(s.db, s.send, msg('u1'), 'c1', 'run2', RETRY, async () => null)).toBe('sent');
  expect(s.sent).toHaveLength(1);
});
