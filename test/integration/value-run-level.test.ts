/**
 * A short history's Pareto/NBD-hybrid level through the REAL value function (esbuild bundle, child
 * process, real wx-server-sdk) against the local cloud: a young, busy shop (200 days, too short to
 * train on the 90-day horizon) is refitted on the timer in bounded steps; the version it serves is
 * byte for byte the model eval:clv's one-call guarded fit makes of the same histories, level
 * included (`ValueModel.level`), the profiles carry that model's predictions, and the admin 客户价值
 * page reports the level it serves with.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { createModelStore, wxModelStorePorts, type ModelStore } from '../../cloudfunctions/common/model-store';
import { dayIndex } from '../../cloudfunctions/common/profile/day';
import type { ProfileDoc } from '../../cloudfunctions/common/profile/types';
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { HORIZON_DAYS } from '../../cloudfunctions/common/value-serving/refit-job';
import type { ValueModel } from '../../cloudfunctions/common/value/model';
import { historyOfProfile } from '../../cloudfunctions/common/value/profile-history';
import { profileValues, type BuyerValue } from '../../cloudfunctions/common/value/profile-value';
import { loadSdk } from '../helpers/local-cloud';
import { shortHistoryBuyerProfiles } from '../helpers/profiles';
import { startIngestCloud, type IngestCloud } from './track-cloud';

type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
let c: IngestCloud;
let store: ModelStore;
const STAFF = 'staff_demo';
const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };

beforeAll(async () => {
  c = await startIngestCloud(2);
  Object.assign(process.env, c.cloud.sdkEnv());
  store = createModelStore(wxModelStorePorts(new Db(loadSdk('local').database()), loadSdk('local')));
  const profiles = c.cloud.db.collection('profiles');
  for (const p of shortHistoryBuyerProfiles(Date.now())) profiles.insert(p);
  await c.cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
}, 120_000);
afterAll(async () => c?.close());

it('a short history serves the Pareto/NBD-hybrid level: the one-call guarded fit’s model, on the profiles and the admin page', async () => {
  let version: string | null = null;
  for (let i = 0; i < 60 && !version; i++) {
    const r = await c.call<Reply>('value', timer, undefined, 'wx_trigger');
    expect(r.error).toBeUndefined();
    const serving = (c.cloud.db.collection('model_pointers').get('value') as { serving: string | null } | null)?.serving;
    if (serving && r.data.score?.status === 'succeeded') version = serving;
  }
  expect(version).not.toBeNull();
  const doc = (await store.version('value', version!))!;
  const served = JSON.parse(
    (await store.download(doc.files.find((f) => f.name === 'model.json')!.fileID)).toString('utf8'),
  ) as ValueModel;

  // What eval:clv fits of the same histories in one call: the level, no last-season set.
  const docs = c.cloud.db.collection('profiles').find({}) as ProfileDoc[];
  const histories = docs.map(historyOfProfile);
  const today = dayIndex(Date.now());
  const one = fitGuardedValueModel(histories, { end: today, horizonDays: HORIZON_DAYS, seed: 1 });
  expect(one.model.level?.factor).toBeGreaterThan(0);
  expect(one.model.season).toBeUndefined();
  expect(JSON.stringify(served)).toBe(JSON.stringify(one.model));
  expect(doc.meta).toMatchObject({ level: one.model.level });

  // The scoring pass wrote that model's predictions on the profiles.
  const expected = profileValues(one.model, histories, today, 0, version!);
  docs.forEach((d, i) => {
    const v = (c.cloud.db.collection('profiles').get(d._id) as { value?: BuyerValue }).value;
    const e = expected[i] as BuyerValue;
    expect(v).toMatchObject({ version, purchases90d: e.purchases90d, spend90dFen: e.spend90dFen, churnRisk: e.churnRisk });
  });

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
