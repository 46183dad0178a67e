/**
 * An erasure restarts a refit only when the run's files can hold the customer, through the REAL
 * wx-server-sdk against the local cloud, with each kind's real handler, the real job runner and
 * cloud storage. For each refit kind, mid-read: erasing a customer the read has not reached
 * leaves the run and its files alone, and erasing one it has read deletes its files and starts
 * it over. Also the runner's side (an erasure landing inside a step, between its read and its
 * checkpoint) and, once a read has ended, a customer whose data began after it (she created data
 * and deleted it again) against one who was there before.
 */
import { eraseCustomerData } from '../../cloudfunctions/common/consent/erase-customer';
import { erasureGuard } from '../../cloudfunctions/common/consent/erase-guard';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db, type Doc } from '../../cloudfunctions/common/db/wx-db';
import { createJobRunner, wxJobDb, type JobHandler, type JobRun } from '../../cloudfunctions/common/jobs';
import { createModelStore, wxModelFiles, wxModelStorePorts } from '../../cloudfunctions/common/model-store';
import { dbProfilePager } from '../../cloudfunctions/common/segment-refit/read-profiles';
import { segmentationRefitHandler } from '../../cloudfunctions/common/segment-refit/handler';
import { valueRefitHandler } from '../../cloudfunctions/common/value-serving/refit-job';
import { wxValueDataPorts } from '../../cloudfunctions/common/value-serving/wx-ports';
import { sentimentRefit } from '../../cloudfunctions/refit/sentiment/kind';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';
import { buyerProfile, visitorProfile } from '../helpers/profiles';

jest.setTimeout(180_000);
const DAY = 86_400_000;
/** 2,500 profiles `c0000`…`c2499`: a read of 1,000 a step is mid-way after its first step. */
const N = 2_500;
const id = (i: number) => `c${String(i).padStart(4, '0')}`;

let t: TestCloud;
let sdk: WxSdk;
let db: Db;
/** The shared clock (runner and erasures); `skip` moves it on, as the next timer call would be later. */
let offset = 0;
const now = () => Date.now() + offset;
const skip = (ms: number) => void (offset += ms);

beforeEach(async () => {
  offset = 0;
  t = await startTestCloud({ schema: true });
  Object.assign(process.env, t.env, { SILENCE: 'true' });
  sdk = loadSdk('local');
  db = new Db(sdk.database());
});
afterEach(() => t?.close());

async function seedProfiles(): Promise<void> {
  const at = Date.now();
  const docs = Array.from({ length: N }, (_, i) => (i % 3 ? visitorProfile(id(i), at, [5 + (i % 40)]) : buyerProfile(id(i), at, [10 + (i % 50), 200])));
  for (let k = 0; k < N; k += 500) await db.insert(COLLECTIONS.profiles, docs.slice(k, k + 500) as unknown as Doc[]);
}

/** The runner over the real ports, each tick one step (the handler's outcome yields). */
function runnerFor(handler: JobHandler) {
  const files = wxModelFiles(sdk);
  const runner = createJobRunner({ db: wxJobDb(db), files, now, erasures: erasureGuard(db, files) });
  const oneStep: JobHandler = { kind: handler.kind, step: async (ctx) => {
    const o = await handler.step(ctx);
    return o.done ? o : { ...o, yield: true };
  } };
  return {
    files,
    start: () => runner.start(handler.kind, { requestedBy: 'timer' }),
    step: async () => expect((await runner.tick(oneStep, { budgetMs: 60_000 })).error).toBeUndefined(),
  };
}

const run = (runId: string): JobRun => t.cloud.db.collection(COLLECTIONS.jobRuns).get(runId) as unknown as JobRun;
const erase = (openid: string) => eraseCustomerData({ db, files: wxModelFiles(sdk), openid, now });
/** Every file the run names, downloaded (throws when one is gone). */
const filesOf = (r: JobRun) => Promise.all(Object.values(r.artifacts).map((f) => wxModelFiles(sdk).download(f)));
/** True when the run still has its files and progress; false when it started over (files gone). */
async function kept(runId: string): Promise<boolean> {
  const r = run(runId);
  if (r.phase === 'start' && typeof r.restartedAt === 'number') {
    await expect(filesOf(r)).rejects.toThrow();
    return false;
  }
  await filesOf(r);
  return true;
}

const store = () => createModelStore(wxModelStorePorts(db, sdk));
const valueHandler = (pages = wxValueDataPorts(db)) =>
  valueRefitHandler({ data: pages, store: store(), served: async () => null, now }, { pageSize: 1_000 });

describe('refit:value', () => {
  it('mid-read: an erasure ahead of the read leaves it alone; one it has read restarts it', async () => {
    await seedProfiles();
    const r = runnerFor(valueHandler());
    const { runId } = await r.start();
    await r.step(); // start
    await r.step(); // profiles c0000…c0999
    expect(run(runId)).toMatchObject({ phase: 'read', cursor: id(999) });
    await erase(id(2_000));
    expect(await kept(runId)).toBe(true);
    // The read passes her a minute later: her profile is gone, nothing to restart for.
    skip(61_000);
    await r.step();
    await r.step();
    await r.step();
    expect(run(runId)).toMatchObject({ phase: 'backtest', readEndedAt: expect.any(Number) });
    expect(run(runId).restartedAt).toBeUndefined();
    expect(await kept(runId)).toBe(true);
    // Once the read ended: one who came after it and deleted at once is in no file; one read is.
    skip(61_000);
    await db.insert(COLLECTIONS.profiles, [visitorProfile('n_late', now(), [0]) as unknown as Doc]);
    await erase('n_late');
    expect(await kept(runId)).toBe(true);
    await erase(id(3));
    expect(await kept(runId)).toBe(false);
  });

  it('an erasure inside a step: the runner restarts when the step read her, and not when it did not', async () => {
    await seedProfiles();
    let during: string | null = null;
    const base = wxValueDataPorts(db);
    const pages = { ...base, pageProfiles: async (after: string, limit: number) => {
      const page = await base.pageProfiles(after, limit);
      // Read, not yet stored: the erasure lands between the step's read and its checkpoint.
      if (during) await erase(during);
      during = null;
      return page;
    } };
    const r = runnerFor(valueHandler(pages));
    const { runId } = await r.start();
    await r.step();
    during = id(2_400);
    await r.step(); // reads c0000…c0999 while c2400 is erased
    expect(run(runId)).toMatchObject({ phase: 'read', cursor: id(999) });
    expect(await kept(runId)).toBe(true);
    skip(61_000);
    during = id(1_500);
    await r.step(); // reads c1000…c1999, c1500 among them, while she is erased
    expect(await kept(runId)).toBe(false);
    expect(run(runId).restartedAt).toEqual(expect.any(Number));
  });
});

describe('refit:segmentation', () => {
  it('mid-read: an erasure ahead of the read leaves it alone; one it has read restarts it; the runner catches one inside a step', async () => {
    await seedProfiles();
    let during: string | null = null;
    const pager = async (after: string, limit: number) => {
      const page = await dbProfilePager(db)(after, limit);
      if (during) await erase(during);
      during = null;
      // The step's time is up after one page (READ_STEP_MS): one chunk of 1,000 a step.
      skip(8_001);
      return page;
    };
    const r = runnerFor(segmentationRefitHandler({ db, store: store(), now, shippedMeta: () => null, pageProfiles: pager }));
    const { runId } = await r.start();
    await r.step();
    expect(run(runId)).toMatchObject({ phase: 'read', state: { read: { after: id(999), chunks: 1 } } });
    await erase(id(1_800));
    expect(await kept(runId)).toBe(true);
    skip(61_000);
    during = id(2_200);
    await r.step(); // c1000…c2000 (c1800 gone) read while c2200, not among them, is erased
    expect(run(runId)).toMatchObject({ phase: 'read', state: { read: { after: id(2_000), chunks: 2 } } });
    expect(await kept(runId)).toBe(true);
    await erase(id(10));
    expect(await kept(runId)).toBe(false);
    // Started over: its first chunk is read while c0500, in it, is erased; the runner restarts it.
    skip(61_000);
    during = id(500);
    await r.step();
    expect(run(runId)).toMatchObject({ phase: 'start', state: {} });
    expect(await kept(runId)).toBe(false);
  });
});

describe('refit:sentiment', () => {
  it('mid-read: erasing a customer whose reviews it has not read leaves it alone; one whose review it read restarts it', async () => {
    const at = Date.now() - DAY;
    // 6,000 rated reviews of 200 customers, newest first: the first step scans 5,000.
    const events = Array.from({ length: 6_000 }, (_, i) => {
      const who = `r${String(i % 200).padStart(3, '0')}`;
      return { _id: `${who}:rv${i}`, openid: who, name: 'review_submit', ts: at - i * 1_000, props: { productId: 'p1', text: i % 2 ? `很好很满意${i}` : `太差了失望${i}`, rating: i % 2 ? 5 : 1 } };
    });
    // Yara's one review is the oldest (read in the second step), Erin's the newest (the first).
    events.push({ _id: 'y_yara:rv1', openid: 'y_yara', name: 'review_submit', ts: at - 7_000_000, props: { productId: 'p1', text: '雅拉的旧评价', rating: 4 } });
    events.push({ _id: 'e_erin:rv1', openid: 'e_erin', name: 'review_submit', ts: at, props: { productId: 'p1', text: '艾琳的新评价', rating: 5 } });
    for (let k = 0; k < events.length; k += 1_000) await db.insert(COLLECTIONS.events, events.slice(k, k + 1_000) as unknown as Doc[]);
    const files = wxModelFiles(sdk);
    const r = runnerFor(sentimentRefit.handler({ db, store: store(), files, now }));
    const { runId } = await r.start();
    await r.step();
    expect(run(runId)).toMatchObject({ phase: 'read', state: { read: 5_000, parts: 1 } });
    await erase('y_yara');
    expect(await kept(runId)).toBe(true);
    await erase('e_erin');
    expect(await kept(runId)).toBe(false);
  });
});
