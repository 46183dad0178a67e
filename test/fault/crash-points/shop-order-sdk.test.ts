/**
 * The checkout crash-point exploration (shop-scenario.ts) through the REAL wx-server-sdk against
 * the local cloud: the crash wraps the SDK's own database object, so every request the product
 * sends over the wire (conditional updates of stock holds, the order insert and its read-back,
 * the facts' batch insert) is crashed in turn. One cloud; each crash point has its own customer
 * and products.
 */
import { exploreCrashPoints } from '../../../cloudfunctions/common/db/testing/crash-points';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../../helpers/local-cloud';
import { shopExploration } from './shop-scenario';
import { rebuildJobIdle, sdkCrashWorld } from './world';

jest.setTimeout(600_000);
let t: TestCloud;
let sdk: WxSdk;
beforeAll(async () => {
  t = await startTestCloud({ schema: true });
  Object.assign(process.env, t.env);
  sdk = loadSdk('local');
  await rebuildJobIdle(new Db(sdk.database()));
});
afterAll(() => t?.close());

it('createOrder through the real SDK: every crash point, the retry and the repair pass leave one order, its stock and its facts', async () => {
  const report = await exploreCrashPoints(
    shopExploration({ world: sdkCrashWorld(() => sdk.database()) }),
  );
  expect(report.requests).toBeGreaterThan(8);
  expect(report.points).toBeGreaterThanOrEqual(4 * report.requests);
});
