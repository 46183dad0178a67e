/**
 * One paid order per checkout, whichever database request of `shop.createOrder` a crash hits:
 * after the client's retries with the same orderKey and the rebuild timer's repair pass, exactly
 * one order, stock = initial − sold with no hold left, the order's purchase facts stored once and
 * folded into the profile once. In-memory SDK; shop-order-sdk.test.ts runs the same through the
 * real wx-server-sdk against the local cloud.
 */
import { crashingSdk, exploreCrashPoints } from '../../../cloudfunctions/common/db/testing/crash-points';
import { memorySdk } from '../../../cloudfunctions/common/db/testing/memory-sdk';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { shopExploration } from './shop-scenario';
import { rebuildJobIdle } from './world';

// A thousand crash points (the repair pass crashed too): seconds on a quiet machine, minutes under CI's load.
jest.setTimeout(600_000);

it('createOrder: every crash point, the retry and the repair pass leave one order, its stock and its facts', async () => {
  const report = await exploreCrashPoints(
    shopExploration({
      async world(plan) {
        const sdk = memorySdk();
        const raw = new Db(sdk);
        await rebuildJobIdle(raw);
        return { db: new Db(crashingSdk(sdk, plan)), raw };
      },
    }, true),
  );
  expect(report.requests).toBeGreaterThan(8);
  expect(report.points).toBeGreaterThanOrEqual(4 * report.requests);
  expect(report.pairs).toBeGreaterThan(0);
  expect(report.recoveryCrashes).toBeGreaterThan(report.requests);
});
