/**
 * checkout-retry-scenario.ts through the REAL wx-server-sdk against the local cloud: the first
 * call's order insert is held by the local cloud's late-commit fault (answered -501002 on the
 * wire, applied when the "late commit" step says, refused then if its `_id` was taken), and every
 * order of the retry's (or the repair pass's) requests around that commit is run. The races with
 * many more schedules run on the in-memory SDK (checkout-retry.test.ts). The same races run again
 * on a local cloud whose reads lag the writes by 10 minutes (its stale-read fault, caught up only
 * before the race and before the checks): the decisions that give units back must not rest on a
 * read that missed the order.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { exploreInterleavings, gatedSdk } from '../../../cloudfunctions/common/db/testing/interleavings';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { injectLateCommits, type LateCommits } from '../../../scripts/local-cloud';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../../helpers/local-cloud';
import { retryExploration, type RetryBackend, type RetryRace } from './checkout-retry-scenario';

let t: TestCloud;
let sdk: WxSdk;
let late: LateCommits;
/** A local cloud for the describe below (`staleReadMs`: its reads lag the writes). */
async function start(staleReadMs?: number): Promise<void> {
  t = await startTestCloud({ schema: true, staleReadMs });
  // SILENCE: no 3 s slow-request timers left behind by the failed requests.
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  sdk = loadSdk('local');
  late = injectLateCommits(t.cloud.registry);
}

const local: RetryBackend = {
  database: async () => new Db(sdk.database()),
  gated: (_db, gate, gated) => new Db(gatedSdk(sdk.database(), gate, gated)),
  async holdingOrderInsert(db, call) {
    late.arm(COLLECTIONS.orders, 'serverTimeout');
    await call(db);
    if (late.held !== 1) throw new Error(`${late.held} inserts held, want the first call's one`);
    return async () => void (await late.commit());
  },
};

jest.setTimeout(600_000);

const RACES: Array<[string, RetryRace]> = [
  ['the retry and the late commit, two products', { retry: true, commit: true, pass: false, shelf: [[2, 2], [3, 1]] }],
  ['the repair pass and the late commit', { retry: false, commit: true, pass: true, shelf: [[2, 2]] }],
];

describe('reads see the writes', () => {
  beforeAll(() => start());
  afterAll(() => t?.close());
  it.each(RACES)('%s: one order, its units off the shelf once, nothing held, in every order', async (_name, race) => {
    const report = await exploreInterleavings(retryExploration(local, race));
    expect(report.schedules).toBeGreaterThan(5);
  });
});

describe('reads lag the writes by 10 minutes', () => {
  beforeAll(() => start(10 * 60_000));
  afterAll(() => t?.close());
  it.each(RACES)('%s: one order, its units off the shelf once, nothing held, in every order', async (_name, race) => {
    const report = await exploreInterleavings(retryExploration({ ...local, lagging: { catchUp: () => t.cloud.replica!.catchUp() } }, race));
    expect(report.schedules).toBeGreaterThan(5);
  });
});
