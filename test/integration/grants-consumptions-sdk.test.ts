/**
 * The grants ledger's per-consumption entries through the real wx-server-sdk against the local
 * cloud: a consumption adds its stamp to `consumptions` (created on a document from before the
 * list), a give-back is conditional on that entry being in the array (an equality on an array
 * field matches an element) and moves it to `refunds` with `pull`/`push` in the same update, so a
 * consumption is found and given back once whatever consumed the same grant after it; the give-back
 * of the last consumption also marks `lastConsumedBy` for the release before the list.
 */
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { consumeGrant, consumedBy, grantId, refundConsumption, refundedStamp } from '../../cloudfunctions/common/dispatch/grants-ledger';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

jest.setTimeout(60_000);
let t: TestCloud;
let wx: Db;

beforeAll(async () => {
  t = await startTestCloud();
  Object.assign(process.env, t.env);
  const db = loadSdk('local').database();
  await db.createCollection(COLLECTIONS.grants);
  wx = new Db(db);
});
afterAll(() => t?.close());

it('gives back a consumption by its own entry after another campaign consumed the grant, once', async () => {
  // A document from before the list: no `consumptions`, no `refunds`.
  await wx.insert(COLLECTIONS.grants, [{ _id: grantId('u1', 'tpl'), openid: 'u1', templateId: 'tpl', available: 3, consumed: 0 }]);
  expect(await consumeGrant(wx, 'u1', 'tpl', 1, 'run1/c1:u1')).toBe(true);
  expect(await consumeGrant(wx, 'u1', 'tpl', 2, 'run2/c2:u1')).toBe(true);
  expect(await consumedBy(wx, 'u1', 'tpl', 'run1/c1:u1')).toBe(true);
  expect(await refundConsumption(wx, 'u1', 'tpl', 'run1/c1:u1')).toBe(true);
  expect(await refundConsumption(wx, 'u1', 'tpl', 'run1/c1:u1')).toBe(false);
  expect(await refundConsumption(wx, 'u1', 'tpl', 'never/c3:u1')).toBe(false);
  expect(await consumedBy(wx, 'u1', 'tpl', 'run1/c1:u1')).toBe(false);
  expect(await wx.getById(COLLECTIONS.grants, grantId('u1', 'tpl'))).toMatchObject({
    available: 2,
    consumed: 1,
    lastConsumedBy: 'run2/c2:u1',
    consumptions: ['run2/c2:u1'],
    refunds: ['run1/c1:u1'],
  });
});

it("marks the give-back of the grant's last consumption for the release before the list, once", async () => {
  await wx.insert(COLLECTIONS.grants, [{ _id: grantId('u2', 'tpl'), openid: 'u2', templateId: 'tpl', available: 1, consumed: 0 }]);
  expect(await consumeGrant(wx, 'u2', 'tpl', 1, 'run1/c1:u2')).toBe(true);
  expect(await refundConsumption(wx, 'u2', 'tpl', 'run1/c1:u2')).toBe(true);
  expect(await refundConsumption(wx, 'u2', 'tpl', 'run1/c1:u2')).toBe(false);
  expect(await wx.getById(COLLECTIONS.grants, grantId('u2', 'tpl'))).toMatchObject({
    available: 1,
    consumed: 0,
    lastConsumedBy: refundedStamp('run1/c1:u2'),
    consumptions: [],
    refunds: ['run1/c1:u2'],
  });
});
