/**
 * The retry of a checkout whose first call timed out, racing that call's late commit and the
 * repair pass, in every order (checkout-retry-scenario.ts), on the in-memory SDK; the
 * same through the real wx-server-sdk and the local cloud's late-commit fault: checkout-retry-sdk.test.ts.
 *
 * The held insert: the first call's order insert is answered -501002 (the SDK's SERVER_TIMEOUT)
 * and not applied; the "late commit" sends it then.
 */
import { exploreInterleavings, gatedSdk } from '../../../cloudfunctions/common/db/testing/interleavings';
import { crashingSdk } from '../../../cloudfunctions/common/db/testing/crash-points';
import { memorySdk } from '../../../cloudfunctions/common/db/testing/memory-sdk';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { retryExploration, type RetryBackend, type RetryRace } from './checkout-retry-scenario';

const memory: RetryBackend = {
  database: async () => new Db(memorySdk()),
  gated: (db, gate, gated) => new Db(gatedSdk(db.sdk, gate, gated)),
  async holdingOrderInsert(db, call) {
    let held: (() => Promise<unknown>) | undefined;
    const holding = crashingSdk(db.sdk, {
      async request(collection, op, send) {
        if (held || collection !== COLLECTIONS.orders || op !== 'add') return send();
        held = send;
        throw { errCode: -501002, errMsg: 'collection.add:fail -501002 service response timeout' };
      },
    });
    await call(new Db(holding));
    if (!held) throw new Error('the call made no order insert');
    const send = held;
    // A late insert whose `_id` was taken meanwhile is refused, as the database would.
    return async () => void (await send().catch(() => undefined));
  },
};

jest.setTimeout(600_000);

const TIGHT: RetryRace['shelf'] = [[2, 2]];
const RACES: Array<[string, RetryRace]> = [
  ['the retry and the late commit', { retry: true, commit: true, pass: false, shelf: TIGHT }],
  ['the retry and the late commit, two products', { retry: true, commit: true, pass: false, shelf: [[2, 2], [3, 1]] }],
  ['the retry and the repair pass (the insert commits after both, past the grace period)', { retry: true, commit: false, pass: true, shelf: TIGHT }],
  ['the repair pass and the late commit', { retry: false, commit: true, pass: true, shelf: TIGHT }],
  ['the retry, the late commit and the repair pass (its writes)', { retry: true, commit: true, pass: 'writes', shelf: TIGHT }],
];

it.each(RACES)('%s: one order, its units off the shelf once, nothing held, in every order', async (_name, race) => {
  const report = await exploreInterleavings(retryExploration(memory, race));
  expect(report.schedules).toBeGreaterThan(1);
});
