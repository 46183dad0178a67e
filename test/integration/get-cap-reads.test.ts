/**
 * The product's reads that may want more than 100 documents, through the REAL wx-server-sdk
 * against the local cloud at its default page cap: one `get()` answers at most 100 documents
 * whatever limit it asks (the older guide's and developers' reading; the current reference says
 * 1000 — scripts/local-cloud/db/get-cap.ts). Each case seeds more than 100 matching documents and
 * would lose the rest to a single `find`. The same cases pass under `QX_GET_CAP=1000`.
 */
import { listCampaigns } from '../../cloudfunctions/common/admin/campaigns';
import { handleAdmin } from '../../cloudfunctions/common/admin/handler';
import { listOutbox } from '../../cloudfunctions/common/admin/outbox-list';
import { wxCatalog } from '../../cloudfunctions/common/catalog/wx-catalog';
import { erasedSince } from '../../cloudfunctions/common/consent/erasures';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { wxModelFiles } from '../../cloudfunctions/common/model-store/wx-ports';
import { dbProductStore } from '../../cloudfunctions/shop/db-ports';
import { purgeJobRuns } from '../../cloudfunctions/retention/job-runs';
import { purgeModelFiles } from '../../cloudfunctions/retention/model-files';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';
import { campaignDoc } from './dispatch-fixtures';

jest.setTimeout(120_000);

const N = 150;
const T0 = Date.now();
const DAY = 86_400_000;
const pad = (i: number) => String(i).padStart(4, '0');
let tc: TestCloud;
let sdk: WxSdk;
let db: Db;

beforeAll(async () => {
  tc = await startTestCloud({ schema: true });
  Object.assign(process.env, tc.env);
  sdk = loadSdk('local');
  db = new Db(sdk.database());
  // Read by more than one test (the outbox names its campaign; the catalog looks products up), so
  // seeded here: each test runs alone too (`-t`).
  await coll('campaigns').insert(Array.from({ length: N }, (_, i) => campaignDoc(`cmp_${pad(i)}`, { updatedAt: T0 - Math.floor(i / 2) })));
  await coll('products').insert(Array.from({ length: 250 }, (_, i) => ({ _id: `p${pad(i)}`, name: `商品${i}`, priceFen: 100 + i, categoryId: 'c1', stock: 1 })));
});
afterAll(() => tc?.close());

const coll = (name: string) => tc.cloud.db.collection(name);

describe('admin lists', () => {
  it('lists every campaign of a shop with 150, newest first', async () => {
    // Pairs of equal times (beforeAll): ties are broken by _id, nothing repeats or goes missing.
    const list = await listCampaigns(db);
    expect(list).toHaveLength(N);
    expect(list.map((c) => c._id)).toEqual(
      Array.from({ length: N }, (_, i) => `cmp_${pad(i)}`).sort((a, b) => {
        const ua = Math.floor(Number(a.slice(4)) / 2);
        const ub = Math.floor(Number(b.slice(4)) / 2);
        return ua - ub || (a < b ? 1 : -1);
      }),
    );
  });

  it('answers the 300 newest outbox entries asked for when 250 are there', async () => {
    const t = Date.now();
    await coll('outbox').insert(
      Array.from({ length: 250 }, (_, i) => ({
        _id: `cmp_0000:o${pad(i)}`,
        campaignId: 'cmp_0000',
        openid: `o${pad(i)}`,
        templateId: 'tpl',
        group: 'treatment',
        status: 'sent',
        runOwner: 'r',
        claimedAt: t - i * 1000,
      })),
    );
    const rows = await listOutbox(db, { campaignId: 'cmp_0000', limit: 300 });
    expect(rows).toHaveLength(250);
    expect(rows.map((r) => r.at)).toEqual(Array.from({ length: 250 }, (_, i) => t - i * 1000)); // newest first, each once
    expect(rows.every((r) => r.campaignName === '测试活动 cmp_0000')).toBe(true);
    expect((await listOutbox(db, { limit: 120 })).map((r) => r.customer)).toHaveLength(120);
  });

  it('offers the campaign editor the first 200 products of a shop with 250', async () => {
    await coll('admins').insert({ _id: 'staff_cap', role: 'staff' });
    const r = (await handleAdmin({ action: 'editorOptions' }, { db, openid: 'staff_cap', startDispatch: async () => undefined })) as {
      data: { products: Array<{ _id: string }> };
    };
    expect(r.data.products.map((p) => p._id)).toEqual(Array.from({ length: 200 }, (_, i) => `p${pad(i)}`));
  });
});

describe('ingest and erasure reads', () => {
  it('looks up the category of 150 products at once', async () => {
    const ids = Array.from({ length: N }, (_, i) => `p${pad(i)}`);
    const categories = await wxCatalog(db).categoriesOf(ids);
    expect(categories.size).toBe(N);
  });

  it('counts every one of 150 recent erasures as erased', async () => {
    const since = Date.now() - 60_000;
    await coll('consents').insert(Array.from({ length: N }, (_, i) => ({ _id: `gone${pad(i)}`, erasedAt: since + i, tombstone: false })));
    const erased = await erasedSince(db, since);
    expect(Array.from({ length: N }, (_, i) => erased(`gone${pad(i)}`)).filter(Boolean)).toHaveLength(N);
    expect(erased('someone_else')).toBe(false);
  });
});

describe('retention', () => {
  const pass = () => ({ db, files: wxModelFiles(sdk), now: () => Date.now(), deadline: Date.now() + 60_000 });

  it('keeps the last run of each of 150 job kinds, however old', async () => {
    const now = Date.now();
    await coll('job_runs').insert(
      Array.from({ length: N }, (_, i) => ({
        _id: `run_k${pad(i)}`,
        kind: `k${pad(i)}`,
        status: 'succeeded',
        artifacts: {},
        createdAt: now - 300 * DAY,
        finishedAt: now - 200 * DAY,
        artifactsPurgedAt: now - 190 * DAY,
      })),
    );
    await coll('jobs').insert(Array.from({ length: N }, (_, i) => ({ _id: `runner:k${pad(i)}`, active: '', lastRun: `run_k${pad(i)}` })));
    const r = await purgeJobRuns(pass());
    expect(r).toMatchObject({ runsDeleted: 0, done: true });
    expect(coll('job_runs').count({ kind: { $regex: '^k' } })).toBe(N);
  });

  it('keeps the unjudged candidates of 150 runs that still run', async () => {
    const now = Date.now();
    await coll('job_runs').insert(
      Array.from({ length: N }, (_, i) => ({ _id: `run_m${pad(i)}`, kind: 'refit:value', status: 'running', artifacts: {}, createdAt: now - 20 * DAY })),
    );
    await coll('model_versions').insert(
      Array.from({ length: N }, (_, i) => ({
        _id: `value@cand${pad(i)}`,
        model: 'value',
        version: `cand${pad(i)}`,
        status: 'candidate',
        createdAt: new Date(now - 20 * DAY),
        files: [],
        producedBy: `run_m${pad(i)}`,
      })),
    );
    const r = await purgeModelFiles(pass());
    expect(r).toMatchObject({ candidatesAbandoned: 0, done: true });
    expect(coll('model_versions').count({ status: 'candidate' })).toBe(N);
  });
});

describe('shop', () => {
  it('lists every category of a shop with 150 (the aggregation once ended in limit(100))', async () => {
    await coll('products').insert(
      Array.from({ length: N }, (_, i) => ({ _id: `pk${pad(i)}`, name: `商品k${i}`, priceFen: 100, categoryId: `k${pad(i)}`, categoryName: `类目${i}`, stock: 1 })),
    );
    const cats = await dbProductStore(db, sdk.database()).categories();
    const mine = cats.filter((c) => c.categoryId.startsWith('k'));
    expect(mine).toEqual(Array.from({ length: N }, (_, i) => ({ categoryId: `k${pad(i)}`, categoryName: `类目${i}`, count: 1 })));
  });
});
