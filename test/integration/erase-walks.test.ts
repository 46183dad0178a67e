/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
/**
 * The walks that keep their position in `jobs` — the full rebuild, the segment pass and sweep, a
 * campaign's dispatch — through the REAL wx-server-sdk against the local cloud: a page that ends
 * on a customer is read, the customer deletes their data (deleteMyData's erasure, which moves every
 * position off them), and only then does the walk save its position. Each walk asks after its save
 * and moves off; before, the erased openid stayed in `jobs` until that walk saved again.
 */
import { eraseCustomerData } from '../../cloudfunctions/common/consent/erase-customer';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { priceDropCampaign } from '../../cloudfunctions/common/campaign/testing/price-drop-campaign';
import type { Campaign } from '../../cloudfunctions/common/campaign/campaign-schema';
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';
import { acquireLease, type Lease } from '../../cloudfunctions/common/dispatch/lease';
import { Pacer } from '../../cloudfunctions/common/dispatch/pacer';
import { runCampaignPass } from '../../cloudfunctions/common/dispatch/run-campaign';
import { wechatSend } from '../../cloudfunctions/common/dispatch/testing/wechat-send';
import { getSegmentationModel } from '../../cloudfunctions/common/inference/segmentation';
import { wxModelFiles } from '../../cloudfunctions/common/model-store/wx-ports';
import { runRebuildJob } from '../../cloudfunctions/rebuild/job';
import { runSegmentJob } from '../../cloudfunctions/segment/run-pass';
import { emptyJob } from '../../cloudfunctions/segment/store';
import { wxSegmentStore } from '../../cloudfunctions/segment/wx-store';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';
import { buyerProfile } from '../helpers/profiles';

jest.setTimeout(60_000);
const ANNA = 'a_anna';
const ERIN = 'b_erin';
const ZOE = 'c_zoe';

let t: TestCloud;
let sdk: WxSdk;
let db: Db;
beforeEach(async () => {
  t = await startTestCloud({ schema: true });
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  sdk = loadSdk('local');
  db = new Db(sdk.database());
  const now = Date.now();
  const profiles = [ANNA, ERIN, ZOE].map((id) => ({ ...buyerProfile(id, now, [3, 20, 41]), segment: 1, updatedAt: new Date(now) }));
  await db.insert(COLLECTIONS.profiles, profiles as unknown as Doc[]);
});
afterEach(() => t?.close());

/**
 * The walk's database: its first write to `jobs` naming `openid` (the save of a page that ended on
 * them) runs the customer's erasure first, so the page was read before it and is saved after it.
 */
function erasingBeforeSave(openid: string): { walkDb: Db; erased: () => boolean } {
  let erased = false;
  const walkDb = Object.create(db) as Db;
  walkDb.updateWhere = async (coll, where, data) => {
    if (!erased && coll === COLLECTIONS.jobs && Object.values(data).includes(openid)) {
      erased = true;
      await eraseCustomerData({ db, files: wxModelFiles(sdk), openid, now: Date.now });
    }
    return db.updateWhere(coll, where, data);
  };
  return { walkDb, erased: () => erased };
}

/** Every `jobs` document as stored now (the in-process handle: the current state). */
const jobsNaming = (openid: string): Doc[] => t.cloud.db.collection(COLLECTIONS.jobs).find({}).filter((d: Doc) => JSON.stringify(d).includes(openid));
const job = (id: string): Doc => t.cloud.db.collection(COLLECTIONS.jobs).find({ _id: id })[0];

it('full rebuild: the saved cursor moves off the customer erased between its page and its save', async () => {
  // The rebuild pages 100 profiles: 98 more before her, so its first page ends on her.
  const fillers = Array.from({ length: 98 }, (_, i) => ({ ...buyerProfile(`a_f${String(i).padStart(2, '0')}`, Date.now(), [5]), updatedAt: new Date() }));
  await db.insert(COLLECTIONS.profiles, fillers as unknown as Doc[]);
  const { walkDb, erased } = erasingBeforeSave(ERIN);
  const t0 = Date.now();
  // The clock passes the budget once the erasure ran: the call saves its position and stops there.
  const r = await runRebuildJob({ db: walkDb, now: () => (erased() ? t0 + 3_600_000 : Date.now()), budgetMs: 50_000, retentionDays: 180, start: { horizonDays: null } });
  expect(erased()).toBe(true);
  expect(r.full).toMatchObject({ state: 'running', cursor: ERIN });
  expect(jobsNaming(ERIN)).toEqual([]);
  expect(job('profile-rebuild')).toMatchObject({ state: 'running', cursor: 'a_f97' });
  // The next call resumes right after her: Zoe is rebuilt, the pass ends.
  const next = await runRebuildJob({ db, now: Date.now, budgetMs: 50_000, retentionDays: 180 });
  expect(next.full).toMatchObject({ state: 'idle', cursor: '' });
  expect(await db.getById(COLLECTIONS.profiles, ERIN)).toBeNull();
});

describe('segment job', () => {
  const run = (walkDb: Db, erased: () => boolean, mode: 'full' | 'timer') => {
    const t0 = Date.now();
    return runSegmentJob(wxSegmentStore(walkDb), getSegmentationModel, {
      now: () => (erased() ? t0 + 3_600_000 : Date.now()),
      budgetMs: 50_000,
      pageSize: 2,
      writeConcurrency: 2,
      mode,
      passIntervalMs: 6 * 3_600_000,
    });
  };

  it('full pass: the saved cursor moves off the customer erased between its page and its save', async () => {
    const { walkDb, erased } = erasingBeforeSave(ERIN);
    expect(await run(walkDb, erased, 'full')).toMatchObject({ status: 'partial', kind: 'pass', scored: 2 });
    expect(jobsNaming(ERIN)).toEqual([]);
    expect(job('segment')).toMatchObject({ cursor: ANNA });
    expect(await run(db, () => false, 'full')).toMatchObject({ status: 'completed', scored: 1 });
    expect(jobsNaming(ERIN)).toEqual([]);
  });

  it('dirty sweep: the saved sweep cursor moves off her too', async () => {
    const model = await getSegmentationModel();
    await db.insert(COLLECTIONS.jobs, [{ ...emptyJob(), modelVersion: model.meta.version, lastPassAt: Date.now(), dirtySince: 0 }]);
    const { walkDb, erased } = erasingBeforeSave(ERIN);
    expect(await run(walkDb, erased, 'timer')).toMatchObject({ status: 'partial', kind: 'sweep', scored: 2 });
    expect(jobsNaming(ERIN)).toEqual([]);
    expect(job('segment')).toMatchObject({ sweepCursor: ANNA });
    expect(await run(db, () => false, 'timer')).toMatchObject({ status: 'swept', scored: 1 });
  });
});

it("a campaign's dispatch: the saved cursor moves off the customer erased between its page and its save", async () => {
  const c = { _id: 'c1', name: '降价提醒', holdoutPct: 0, status: 'running', ...priceDropCampaign() } as unknown as Campaign;
  await db.insert(COLLECTIONS.products, [{ _id: 'p1', name: '有机高山绿茶', priceFen: 5800 }]);
  const lease = (await acquireLease(db, 'run1', 60_000)) as Lease;
  const { walkDb, erased } = erasingBeforeSave(ERIN);
  let asked = 0;
  const opts = { pageSize: 2, deadline: Date.now() + 50_000, retry: { maxAttempts: 1, baseDelayMs: 0 }, concurrency: 1, miniprogramState: 'formal' as const };
  // Staff pause the campaign after the first page: the pass stops right after saving it.
  const pass = await runCampaignPass(walkDb, wechatSend(async () => undefined), c, lease, new Pacer(100_000), { ...opts, stillRunning: async () => asked++ === 0 });
  expect(erased()).toBe(true);
  expect(pass).toMatchObject({ notRunning: true });
  expect(jobsNaming(ERIN)).toEqual([]);
  expect(job('dispatch:c1')).toMatchObject({ cursor: ANNA });
  const rest = await runCampaignPass(db, wechatSend(async () => undefined), c, lease, new Pacer(100_000), opts);
  expect(rest).toMatchObject({ finished: true, counts: { skip_no_consent: 1 } }); // Zoe only
});
