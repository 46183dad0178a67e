/**
 * The wxpush crash-point exploration (wxpush-scenario.ts) through the REAL wx-server-sdk against
 * the local cloud: the ledger's wire operators (`_.push` with `each`/`slice`, a condition on an
 * array field, conditional increments) crashed request by request. One cloud; each crash point
 * has its own customer.
 */
import { exploreCrashPoints } from '../../../cloudfunctions/common/db/testing/crash-points';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../../helpers/local-cloud';
import { pushExploration } from './wxpush-scenario';
import { sdkCrashWorld } from './world';

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
    pushExploration({ world: sdkCrashWorld(() => sdk.database()) }),
  );
  expect(report.requests).toBeGreaterThan(6);
});
