/**
 * The wxpush crash-point exploration (wxpush-scenario.ts) through the REAL wx-server-sdk against
 * the local cloud: the ledger's wire operators (`_.push` with `each`/`slice`, a condition on an
 * array field, conditional increments) crashed request by request. One cloud; each crash point
 * has its own customer.
 */
import { crashingSdk, exploreCrashPoints } from '../../../cloudfunctions/common/db/testing/crash-points';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../../helpers/local-cloud';
import { pushExploration } from './wxpush-scenario';

jest.setTimeout(600_000);
let t: TestCloud;
let sdk: WxSdk;
beforeAll(async () => {
  t = await startTestCloud({ schema: true });
  Object.assign(process.env, t.env);
  sdk = loadSdk('local');
});
afterAll(() => t?.close());
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

it('wxpush through the real SDK: every crash point, then WeChat re-delivering the push, leaves one grant per accepted template', async () => {
  const report = await exploreCrashPoints(
    pushExploration({
      async world(plan) {
        const database = sdk.database();
        return { db: new Db(crashingSdk(database, plan)), raw: new Db(database) };
      },
    }),
  );
  expect(report.requests).toBeGreaterThan(6);
});
