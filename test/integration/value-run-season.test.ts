/**
 * Last season's trees through the REAL value function (esbuild bundle, child process, real
 * wx-server-sdk) against the local cloud: a seasonal shop with more than two years of history is
 * refitted on the timer in bounded steps; the version it serves carries the last-season set
 * (`ValueModel.season`), byte for byte the model eval:clv's one-call guarded fit makes of the same
 * histories, its ONNX graph checked for both tree sets, and the predictions on the profiles and the
 * admin 客户价值 page are that model's.
 */
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { HORIZON_DAYS } from '../../cloudfunctions/common/value-serving/refit-job';
import { profileValues, type BuyerValue } from '../../cloudfunctions/common/value/profile-value';
import { seasonalBuyerProfiles } from '../helpers/profiles';
import type { IngestCloud } from './track-cloud';
import { expectProfilesCarry, startValueShop, STAFF, timerUntilServed, type Reply } from './value-timer-shop';
import type { ModelStore } from '../../cloudfunctions/common/model-store';

let c: IngestCloud;
let store: ModelStore;

beforeAll(async () => ({ c, store } = await startValueShop(seasonalBuyerProfiles(Date.now()))), 120_000);
afterAll(async () => c?.close());

it('a seasonal shop serves last season’s trees: the one-call guarded fit’s model, on the profiles and the admin page', async () => {
  const s = await timerUntilServed(c, store);
  const { version, doc, served, histories, today } = s;

  // What eval:clv fits of the same histories in one call, with the last-season set.
  const one = fitGuardedValueModel(histories, { end: today, horizonDays: HORIZON_DAYS, seed: 1, season: true });
  expect(one.model.season?.learned.gbt.trees.length).toBeGreaterThan(0);
  expect(JSON.stringify(served)).toBe(JSON.stringify(one.model));

  // The version's graph holds both tree sets, checked against the TypeScript trees at publish.
  expect(doc.meta).toMatchObject({
    season: { weight: 0.5, scale: one.model.season!.scale, trees: one.model.season!.learned.gbt.trees.length },
    graph: { parity: { season: { rows: expect.any(Number) } } },
  });

  // The scoring pass wrote that model's predictions on the profiles.
  expectProfilesCarry(c, s, profileValues(one.model, histories, today, 0, version) as BuyerValue[]);

  // 客户价值 says what the version predicts with, last season's trees included.
  const page = await c.call<Reply>('admin', { action: 'valueOverview' }, STAFF);
  expect(page.data.serving).toMatchObject({
    version,
    guard: {
      seasonal: true,
      likeTheFit: true,
      season: { weight: 0.5, scale: one.model.season!.scale, trees: one.model.season!.learned.gbt.trees.length },
    },
  });
  // …and what the same-season back-test's total decided (blend.ts sameSeasonLevel), as the fit did.
  const same = one.backtest!.blend.sameSeason;
  expect(same).toBeDefined();
  expect(page.data.serving.guard.sameSeason).toEqual({ ratio: same!.ratio, band: expect.any(Number), verdict: same!.verdict });
  expect(page.data.serving.level).toBeUndefined();
}, 600_000);
