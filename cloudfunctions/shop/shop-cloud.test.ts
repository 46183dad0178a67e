/**
 * The shop function end to end: its esbuild bundle runs in the local cloud's function runtime
 * with the REAL wx-server-sdk talking to the local cloud's database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud, type FullCloud } from '../../scripts/local-cloud/cloud';

const REPO = path.resolve(__dirname, '../..');
let cloud: FullCloud;
let root: string;
let buildDir: string;

const products = [
  { _id: 'tea01', name: '有机高山绿茶 250g', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 3 },
  { _id: 'tea02', name: '桂花乌龙 (礼盒)', categoryId: 'tea', categoryName: '茶叶', priceFen: 8800, stock: 10 },
  { _id: 'cof01', name: '手冲咖啡壶', categoryId: 'coffee', categoryName: '咖啡', priceFen: 12900, stock: 1 },
];

type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
const shop = (event: unknown, openid = 'cust_a') => cloud.invokeFunction('shop', event, { openid, source: 'wx_client' }) as Promise<Reply>;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-shop-'));
  buildDir = path.join(REPO, '.qx', 'functions-tmp', path.basename(root));
  cloud = await startFullCloud({ dataDir: path.join(root, 'data'), buildDir, functionsDir: path.join(REPO, 'cloudfunctions'), timers: false, maxInstances: 1, log: () => undefined });
  await cloud.db.collection('products').insert(products);
});

afterAll(async () => {
  await cloud?.close();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(buildDir, { recursive: true, force: true });
});

describe('shop function (real SDK, local cloud)', () => {
  it('lists, filters and searches products; escapes regex characters', async () => {
    expect((await shop({ action: 'listProducts' })).data.products.map((p: { _id: string }) => p._id)).toEqual(['cof01', 'tea01', 'tea02']);
    expect((await shop({ action: 'listProducts', categoryId: 'tea' })).data.products).toHaveLength(2);
    expect((await shop({ action: 'listProducts', q: '绿茶' })).data.products.map((p: { _id: string }) => p._id)).toEqual(['tea01']);
    expect((await shop({ action: 'listProducts', q: '(礼盒' })).data.products.map((p: { _id: string }) => p._id)).toEqual(['tea02']);
    expect((await shop({ action: 'listProducts', q: '250G' })).data.products.map((p: { _id: string }) => p._id)).toEqual(['tea01']);
    expect((await shop({ action: 'getProduct', productId: 'cof01' })).data.priceFen).toBe(12900);
    expect((await shop({ action: 'getProduct', productId: 'nope' })).error?.code).toBe('NOT_FOUND');
    const cats = (await shop({ action: 'listCategories' })).data.categories;
    expect(cats).toEqual([
      { categoryId: 'coffee', categoryName: '咖啡', count: 1 },
      { categoryId: 'tea', categoryName: '茶叶', count: 2 },
    ]);
  });

  it("refuses search text the admin's rule refuses (INVALID_INPUT), at the app's 50 characters; empty is no search", async () => {
    for (const q of ['绿\u0000茶', '绿\n茶', 'a\u007fb', '茶\uD800', '\uDC00茶', '茶'.repeat(51)]) {
      const r = await shop({ action: 'listProducts', q });
      expect(r.error?.code).toBe('INVALID_INPUT');
      // the field named in Chinese by the message itself, never by its wire name q
      expect(r.error?.message).toMatch(/^请求无效：(搜索内容不能包含控制字符|搜索内容包含无法识别的字符|搜索内容最多 50 个字)$/);
    }
    expect((await shop({ action: 'listProducts', q: '茶'.repeat(50) })).data.products).toEqual([]);
    expect((await shop({ action: 'listProducts', q: '  ' })).data.products).toHaveLength(3);
    expect((await shop({ action: 'listProducts', q: ' 😀绿茶 ' })).data.products).toEqual([]);
  });

  it('creates orders with server-side amounts, takes stock, and lists only my orders', async () => {
    const r = await shop({ action: 'createOrder', items: [{ productId: 'tea01', quantity: 2 }, { productId: 'cof01', quantity: 1 }] });
    expect(r.ok).toBe(true);
    expect(r.data.amountFen).toBe(2 * 5800 + 12900);
    expect(r.data.openid).toBe('cust_a');
    expect(cloud.db.collection('products').get('tea01')?.stock).toBe(1);
    const sold = await shop({ action: 'createOrder', items: [{ productId: 'cof01', quantity: 1 }, { productId: 'tea02', quantity: 1 }] }, 'cust_b');
    expect(sold.error?.code).toBe('CONFLICT');
    expect(cloud.db.collection('products').get('tea02')?.stock).toBe(10);
    expect((await shop({ action: 'listOrders' })).data.orders.map((o: { _id: string }) => o._id)).toEqual([r.data._id]);
    expect((await shop({ action: 'listOrders' }, 'cust_b')).data).toEqual({ orders: [], more: false });
  });

  it('lists the newest 50 orders and says when older ones exist', async () => {
    const t = Date.now() - 1_000_000;
    const order = (i: number) => ({ _id: `ord_c${String(i).padStart(3, '0')}`, openid: 'cust_c', items: [], amountFen: 100, status: 'paid', createdAt: t + i });
    await cloud.db.collection('orders').insert(Array.from({ length: 50 }, (_, i) => order(i)));
    const fifty = (await shop({ action: 'listOrders' }, 'cust_c')).data;
    expect(fifty.orders).toHaveLength(50);
    expect(fifty.more).toBe(false);
    await cloud.db.collection('orders').insert(order(50));
    const more = (await shop({ action: 'listOrders' }, 'cust_c')).data;
    expect(more.orders.map((o: { _id: string }) => o._id)[0]).toBe('ord_c050');
    expect(more.orders).toHaveLength(50);
    expect(more.more).toBe(true);
  });

  it('refuses bad input with stable codes and needs an identity', async () => {
    expect((await shop({ action: 'createOrder', items: [{ productId: 'tea01', quantity: 1, priceFen: 1 }] })).error?.code).toBe('INVALID_INPUT');
    // An app newer than its functions sends an action they do not know: no wire names in the text it shows.
    expect((await shop({ action: 'dropTables' })).error).toEqual({ code: 'UNKNOWN_ACTION', message: '请求无效：未知操作' });
    expect((await cloud.invokeFunction('shop', { action: 'listOrders' }, {})) as Reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const t = await shop({ action: 'listTemplates' });
    expect(t.data.templates.map((x: { templateId: string }) => x.templateId)).toContain('tpl_price_drop');
  });

  it('pages a category after the last product shown: one listed meanwhile repeats no card (an offset would)', async () => {
    const bulk = Array.from({ length: 22 }, (_, i) => ({ _id: `bulk${String(i).padStart(2, '0')}`, name: `散装 ${i}`, categoryId: 'bulk', categoryName: '散装', priceFen: 100, stock: 5 }));
    await cloud.db.collection('products').insert(bulk);
    try {
      const ids = (r: Reply) => r.data.products.map((p: { _id: string }) => p._id);
      const first = await shop({ action: 'listProducts', categoryId: 'bulk' });
      expect(ids(first)).toEqual(bulk.slice(0, 20).map((p) => p._id));
      await cloud.db.collection('products').insert([{ ...bulk[0], _id: 'bulk0a', name: '散装 新品' }]); // sorts between bulk00 and bulk01
      const next = await shop({ action: 'listProducts', categoryId: 'bulk', page: 1, after: 'bulk19' });
      expect(ids(next)).toEqual(['bulk20', 'bulk21']);
      expect(next.data.hasMore).toBe(false);
      expect(ids(await shop({ action: 'listProducts', categoryId: 'bulk', page: 1 }))[0]).toBe('bulk19');
      expect((await shop({ action: 'listProducts', after: '$gt' })).error?.code).toBe('INVALID_INPUT');
    } finally {
      await cloud.db.collection('products').remove({ categoryId: 'bulk' });
    }
  });
});
