/**
 * The setup of the suites that refit a value model through the REAL value function on its timer:
 * a cloud with the repo's functions, this process's SDK pointed at it, `profiles` inserted as they
 * are, and staff `staff_demo`; then timer calls until a version serves and its scoring pass ends.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { createModelStore, wxModelStorePorts, type ModelStore, type VersionDoc } from '../../cloudfunctions/common/model-store';
import { dayIndex } from '../../cloudfunctions/common/profile/day';
import type { ProfileDoc } from '../../cloudfunctions/common/profile/types';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import type { ValueModel } from '../../cloudfunctions/common/value/model';
import { historyOfProfile } from '../../cloudfunctions/common/value/profile-history';
import type { BuyerValue } from '../../cloudfunctions/common/value/profile-value';
import { loadSdk } from '../helpers/local-cloud';
import { startIngestCloud, type IngestCloud } from './track-cloud';

/** A function's reply. */
import type { Reply } from '../helpers/reply';
export type { Reply };

/** The staff member of these suites. */
export const STAFF = 'staff_demo';

/** A cloud holding `profiles`, with its model store. */
export async function startValueShop(profiles: ProfileDoc[]): Promise<{ c: IngestCloud; store: ModelStore }> {
  const c = await startIngestCloud(2);
  Object.assign(process.env, c.cloud.sdkEnv());
  const store = createModelStore(wxModelStorePorts(new Db(loadSdk('local').database()), loadSdk('local')));
  const coll = c.cloud.db.collection('profiles');
  for (const p of profiles) coll.insert(p);
  await c.cloud.db.collection('admins').insert({ _id: STAFF, role: 'staff' });
  return { c, store };
}

/** What the timer served: the version, its stored model, and the shop's histories as of today. */
export interface ServedValue {
  version: string;
  doc: VersionDoc;
  served: ValueModel;
  docs: ProfileDoc[];
  histories: CustomerHistory[];
  today: number;
}

/** Calls the value timer until a version serves and a scoring pass with it has succeeded. */
export async function timerUntilServed(c: IngestCloud, store: ModelStore, calls = 60): Promise<ServedValue> {
  const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };
  let version: string | null = null;
  for (let i = 0; i < calls && !version; i++) {
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
  const docs = c.cloud.db.collection('profiles').find({}) as ProfileDoc[];
  return { version: version!, doc, served, docs, histories: docs.map(historyOfProfile), today: dayIndex(Date.now()) };
}

/** Each profile carries `expected`'s prediction (same order as `s.docs`) under the served version. */
export function expectProfilesCarry(c: IngestCloud, s: ServedValue, expected: BuyerValue[]): void {
  s.docs.forEach((d, i) => {
    const v = (c.cloud.db.collection('profiles').get(d._id) as { value?: BuyerValue }).value;
    const e = expected[i];
    expect(v).toMatchObject({ version: s.version, purchases90d: e.purchases90d, spend90dFen: e.spend90dFen, churnRisk: e.churnRisk });
  });
}
