/**
 * A short history's Pareto/NBD-hybrid level through the REAL value function (esbuild bundle, child
 * process, real wx-server-sdk) against the local cloud: a young, busy shop (200 days, too short to
 * train on the 90-day horizon) is refitted on the timer in bounded steps; the version it serves is
 * byte for byte the model eval:clv's one-call guarded fit makes of the same histories, level
 * included (`ValueModel.level`), the profiles carry that model's predictions, and the admin 客户价值
 * page reports the level it serves with.
 */
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { HORIZON_DAYS } from '../../cloudfunctions/common/value-serving/refit-job';
import { profileValues, type BuyerValue } from '../../cloudfunctions/common/value/profile-value';
import { shortHistoryBuyerProfiles } from '../helpers/profiles';
import type { IngestCloud } from './track-cloud';
import { expectProfilesCarry, startValueShop, STAFF, timerUntilServed, type Reply } from './value-timer-shop';
import type { ModelStore } from '../../cloudfunctions/common/model-store';

let c: IngestCloud;
let store: ModelStore;

beforeAll(async () => ({ c, store } = await startValueShop(shortHistoryBuyerProfiles(Date.now()))), 120_000);
afterAll(async () => c?.close());

it('a short history serves the Pareto/NBD-hybrid level: the one-call guarded fit’s model, on the profiles and the admin page', async () => {
  const s = await timerUntilServed(c, store);
  const { version, doc, served, histories, today } = s;

  // What eval:clv fits of the same histories in one call: the level, no last-season set.
  const one = fitGuardedValueModel(histories, { end: today, horizonDays: HORIZON_DAYS, seed: 1 });
  expect(one.model.level?.factor).toBeGreaterThan(0);
  expect(one.model.season).toBeUndefined();
  expect(JSON.stringify(served)).toBe(JSON.stringify(one.model));
  expect(doc.meta).toMatchObject({ level: one.model.level });

  // The scoring pass wrote that model's predictions on the profiles.
  expectProfilesCarry(c, s, profileValues(one.model, histories, today, 0, version) as BuyerValue[]);

  // 客户价值 says the factor the version scales its total by.
  const page = await c.call<Reply>('admin', { action: 'valueOverview' }, STAFF);
  expect(page.data.serving).toMatchObject({
    version,
    level: { factor: one.model.level!.factor },
    // The back-test trained on a shorter horizon than the fit: the line that carries the level.
    guard: { likeTheFit: false },
    young: { buyers: 'trees' },
  });
}, 600_000);
