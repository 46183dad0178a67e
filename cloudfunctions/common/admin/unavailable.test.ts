/**
 * The admin function when a read of the database times out: the actions that only read answer
 * UNAVAILABLE (staff may press 重试), the ones that write keep INTERNAL once they have begun, and
 * the staff check (a read, before any action) is UNAVAILABLE for every action.
 */
import { COLLECTIONS } from '../contracts/collections';
import { UNAVAILABLE_MESSAGE } from '../contracts/reply-of-error';
import { memorySdk } from '../db/testing/memory-sdk';
import { READ_TIMEOUTS, timeOutReads } from '../db/testing/timed-out-reads';
import { Db } from '../db/wx-db';
import { handleAdmin } from './handler';

const STAFF = 'staff_1';
let slow = new Set<string>();
let db: Db;
beforeEach(async () => {
  slow = new Set();
  db = new Db(timeOutReads(READ_TIMEOUTS.requestTimeout, memorySdk(), (name) => slow.has(name)));
  await db.insert(COLLECTIONS.admins, [{ _id: STAFF, role: 'staff' }]);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const call = (event: Record<string, unknown>) => handleAdmin(event, { db, openid: STAFF, startDispatch: async () => ({ ok: true }) });

it('a page load whose read times out: UNAVAILABLE with the words staff see, retryable', async () => {
  slow.add(COLLECTIONS.profiles);
  expect(await call({ action: 'overview' })).toEqual({
    ok: false,
    error: { code: 'UNAVAILABLE', message: UNAVAILABLE_MESSAGE, details: { retryable: true } },
  });
  slow.clear();
  expect(await call({ action: 'overview' })).toMatchObject({ ok: true });
});

it('the staff check timing out: UNAVAILABLE whatever the action (nothing has begun)', async () => {
  slow.add(COLLECTIONS.admins);
  expect(await call({ action: 'campaignDispatch', id: 'c1' })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  expect(await call({ action: 'campaignList' })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
});

it('an action that writes keeps INTERNAL once it has begun (what it wrote is not known here)', async () => {
  slow.add(COLLECTIONS.campaigns);
  expect(await call({ action: 'campaignDispatch', id: 'c1' })).toEqual({ ok: false, error: { code: 'INTERNAL', message: '后台服务出错，请稍后重试' } });
  expect(await call({ action: 'campaignList' })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
});
