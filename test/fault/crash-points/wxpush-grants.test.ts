/**
 * Grants come only from WeChat's pushes, each counted once, whichever database request of `wxpush`
 * a crash hits (and every pair of failed requests): after WeChat re-delivers the push, each
 * accepted template holds exactly one grant and the popup records are kept once. In-memory SDK;
 * wxpush-grants-sdk.test.ts runs the same through the real wx-server-sdk against the local cloud.
 */
import { crashingSdk, exploreCrashPoints } from '../../../cloudfunctions/common/db/testing/crash-points';
import { memorySdk } from '../../../cloudfunctions/common/db/testing/memory-sdk';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { pushExploration } from './wxpush-scenario';

// The handler logs each failure it answers WeChat with; the crashes are the point here.
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

it('wxpush: every crash point, then WeChat re-delivering the push, leaves one grant per accepted template', async () => {
  const report = await exploreCrashPoints(
    pushExploration(
      {
        async world(plan) {
          const sdk = memorySdk();
          return { db: new Db(crashingSdk(sdk, plan)), raw: new Db(sdk) };
        },
      },
      true,
    ),
  );
  expect(report.requests).toBeGreaterThan(6);
  expect(report.pairs).toBeGreaterThan(0);
});
