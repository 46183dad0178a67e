/**
 * A claim whose grant consumption is stored with its answer lost, while another campaign consumes
 * the same customer's grant before the claim can read back. The claim makes no call, so its
 * consumption must come back: the merchant loses no grant, the customer stays due for this
 * campaign and gets one notice per campaign, never more than they granted. (Before the ledger
 * kept an entry per consumption, the give-back was keyed on `lastConsumedBy`, which the other
 * campaign had overwritten: nothing came back.)
 */
import { COLLECTIONS } from '../contracts/collections';
import { DB_SYS_ERR } from '../db/duplicate-key';
import { crashingSdk, type RequestHook } from '../db/testing/crash-points';
import { memorySdk } from '../db/testing/memory-sdk';
import { Db } from '../db/wx-db';
import { grantId } from './grants-ledger';
import { outboxId } from './outbox';
import { sendOne, type Sender, type SubscribeMessage } from './send-one';
import { wechatSend } from './testing/wechat-send';
import { releaseUnsentClaims } from './stale-claims';

const TPL = 'tpl_price_drop';
const RETRY = { maxAttempts: 2, baseDelayMs: 0 };
const msg: SubscribeMessage = { touser: 'u1', templateId: TPL, page: 'pages/index/index', data: { thing1: { value: '绿茶' } } };
const failure = (what: string) => ({ errCode: DB_SYS_ERR, errMsg: `${what}:fail -501001 request timeout` });

/**
 * Campaign c1's first grant consumption is stored and its answer lost; campaign c2 sends to the
 * same customer in between. `readBack`: whether c1's read-back of its consumption then fails or
 * answers; `takeBack`: whether c1's removal of its own claim fails too. Returns c1's outcome.
 */
async function race(readBack: 'fails' | 'answers', takeBack: 'works' | 'fails') {
  const sdk = memorySdk();
  const raw = new Db(sdk);
  await raw.insert(COLLECTIONS.grants, [{ _id: grantId('u1', TPL), openid: 'u1', templateId: TPL, available: 2, accepted: 2, consumed: 0 }]);
  const sends: string[] = [];
  const sender = (campaign: string): Sender => wechatSend(async () => void sends.push(campaign));
  let consumptions = 0;
  const hooks: RequestHook = {
    async request<T>(collection: string, op: string, send: () => Promise<T>): Promise<T> {
      if (collection === COLLECTIONS.grants && op === 'update' && ++consumptions === 1) {
        await send();
        expect(await sendOne(raw, sender('c2'), msg, 'c2', 'run-c2', RETRY)).toBe('sent');
        throw failure('grants.update');
      }
      if (collection === COLLECTIONS.grants && op === 'get' && readBack === 'fails') throw failure('grants.get');
      if (collection === COLLECTIONS.outbox && op === 'remove' && takeBack === 'fails') throw failure('outbox.remove');
      return send();
    },
  };
  const db = new Db(crashingSdk(sdk, hooks));
  const outcome = await sendOne(db, sender('c1'), msg, 'c1', 'run-c1', RETRY).catch((err: { errCode?: number }) => `threw ${err.errCode}`);
  const grant = async () => raw.getById(COLLECTIONS.grants, grantId('u1', TPL));
  return { raw, sends, sender, grant, outcome };
}

it('a lost consumption whose read-back fails comes back though another campaign consumed the grant since', async () => {
  const r = await race('fails', 'works');
  expect(r.outcome).toBe(`threw ${DB_SYS_ERR}`);
  expect(r.sends).toEqual(['c2']);
  expect(await r.grant()).toMatchObject({ available: 1, consumed: 1 });
  expect(await r.raw.getById(COLLECTIONS.outbox, outboxId('c1', 'u1'))).toBeNull();
  // The next tick: c1's notice goes out on the grant that came back; both campaigns sent once.
  expect(await sendOne(r.raw, r.sender('c1'), msg, 'c1', 'run-c1b', RETRY)).toBe('sent');
  expect(r.sends).toEqual(['c2', 'c1']);
  expect(await r.grant()).toMatchObject({ available: 0, consumed: 2 });
});

it('a lost consumption is read back as its own though another campaign consumed the grant since: it sends on it', async () => {
  const r = await race('answers', 'works');
  expect(r.outcome).toBe('sent');
  expect(r.sends).toEqual(['c2', 'c1']);
  expect(await r.grant()).toMatchObject({ available: 0, consumed: 2 });
  expect(await r.raw.getById(COLLECTIONS.outbox, outboxId('c1', 'u1'))).toMatchObject({ status: 'sent' });
});

it('a claim left behind after its give-back is released by the next tick, whoever consumed the grant since', async () => {
  const r = await race('fails', 'fails');
  expect(await r.grant()).toMatchObject({ available: 1, consumed: 1 });
  expect(await r.raw.getById(COLLECTIONS.outbox, outboxId('c1', 'u1'))).toMatchObject({ status: 'claimed' });
  // A lease later: the stale claim consumed nothing it kept, so the customer is due again.
  expect(await releaseUnsentClaims(r.raw, Date.now() + 1)).toBe(1);
  expect(await sendOne(r.raw, r.sender('c1'), msg, 'c1', 'run-c1b', RETRY)).toBe('sent');
  expect(r.sends).toEqual(['c2', 'c1']);
});
