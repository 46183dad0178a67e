import fc from 'fast-check';
import { QxError } from '../common/contracts/errors';
import { createOrder, listProducts, listTemplates } from './handlers';
import type { ShopContext } from './ports';
import { shopRequest, type Order, type Product } from './schema';

function memoryShop(
  products: Product[],
  failInsert = false,
): ShopContext & { stock: Map<string, number>; saved: Order[]; taken: string[]; failFacts: boolean } {
  const stock = new Map(products.map((p) => [p._id, p.stock]));
  const saved: Order[] = [];
  const taken: string[] = [];
  const writes = new Map<string, string>();
  let n = 0;
  const ctx = {
    taken,
    failFacts: false,
    recordFacts: async () => {
      if (ctx.failFacts) throw new Error('profiles down');
      return 'recorded' as const;
    },
    log: () => undefined,
    openid: 'u1',
    now: 1,
    stock,
    saved,
    newOrderId: () => `o${++n}`,
    products: {
      list: async (f, from, limit) => {
        const hits = products
          .filter((p) => (!f.categoryId || p.categoryId === f.categoryId) && (!f.q || p.name.includes(f.q)))
          .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
        const start = 'after' in from ? hits.filter((p) => p._id <= from.after).length : from.skip;
        return hits.slice(start, start + limit);
      },
      getMany: async (ids) => products.filter((p) => ids.includes(p._id)).map((p) => ({ ...p, stock: stock.get(p._id) as number })),
      categories: async () => [],
      takeStock: async (id: string, q: number) => {
        taken.push(id);
        const s = stock.get(id) ?? 0;
        if (s < q) return false;
        stock.set(id, s - q);
        return true;
      },
      returnStock: async (id: string, q: number) => void stock.set(id, (stock.get(id) ?? 0) + q),
      releaseHold: async () => undefined,
      holdsFor: async () => [],
      returnHeld: async () => undefined,
      releaseHeld: async () => undefined,
      adoptHold: async () => false,
    },
    orders: {
      insert: async (o: Order, writeId: string) => {
        if (failInsert) throw new Error('db down');
        if (saved.some((x) => x._id === o._id)) return false;
        saved.push(o);
        writes.set(o._id, writeId);
        return true;
      },
      get: async (id: string) => saved.find((o) => o._id === id) ?? null,
      getEach: async (ids: string[]) => new Map(saved.filter((o) => ids.includes(o._id)).map((o) => [o._id, o])),
      isOwn: async (id: string, writeId: string) => writes.get(id) === writeId,
      setFacts: async (id: string, facts: Order['facts']) => {
        saved.find((o) => o._id === id)!.facts = facts;
      },
      listByOpenid: async () => saved,
    },
  } satisfies Partial<ShopContext> & Record<string, unknown>;
  return ctx as ShopContext & typeof ctx;
}

const catalog: Product[] = [
  { _id: 'p1', name: '有机绿茶', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 5 },
  { _id: 'p2', name: '手冲咖啡壶', categoryId: 'coffee', categoryName: '咖啡', priceFen: 12900, stock: 1 },
];

describe('shop handlers', () => {
  it('computes the amount from the catalog and merges repeated lines', async () => {
    const ctx = memoryShop(catalog);
    const o = await createOrder({ action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }, { productId: 'p2', quantity: 1 }, { productId: 'p1', quantity: 2 }] }, ctx);
    expect(o.amountFen).toBe(3 * 5800 + 12900);
    expect(o.items).toEqual([
      { productId: 'p1', name: '有机绿茶', categoryId: 'tea', quantity: 3, priceFen: 5800 },
      { productId: 'p2', name: '手冲咖啡壶', categoryId: 'coffee', quantity: 1, priceFen: 12900 },
    ]);
    expect(ctx.stock.get('p1')).toBe(2);
  });

  it('is all or nothing: out of stock or a failed insert gives every unit back', async () => {
    const ctx = memoryShop(catalog);
    await expect(createOrder({ action: 'createOrder', items: [{ productId: 'p1', quantity: 2 }, { productId: 'p2', quantity: 2 }] }, ctx)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(ctx.stock.get('p1')).toBe(5);
    const broken = memoryShop(catalog, true);
    await expect(createOrder({ action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }] }, broken)).rejects.toThrow('db down');
    expect(broken.stock.get('p1')).toBe(5);
    await expect(createOrder({ action: 'createOrder', items: [{ productId: 'nope', quantity: 1 }] }, ctx)).rejects.toBeInstanceOf(QxError);
  });

  it('caps the units of one product per order after merging lines (5 × 99 is refused whole)', async () => {
    const ctx = memoryShop([{ ...catalog[0], stock: 1000 }]);
    const items = Array.from({ length: 5 }, () => ({ productId: 'p1', quantity: 99 }));
    await expect(createOrder({ action: 'createOrder', items }, ctx)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { productIds: ['p1'], maxUnitsPerProduct: 99 },
    });
    expect(ctx.taken).toEqual([]);
    expect((await createOrder({ action: 'createOrder', items: [{ productId: 'p1', quantity: 50 }, { productId: 'p1', quantity: 49 }] }, ctx)).items[0].quantity).toBe(99);
  });

  it('reserves nothing for an order the catalog already says will fail', async () => {
    const ctx = memoryShop(catalog);
    await expect(createOrder({ action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }, { productId: 'p2', quantity: 2 }] }, ctx)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(ctx.taken).toEqual([]);
  });

  it('a take the database refuses (a racing buyer took the units) holds nothing, so nothing is sent back for it', async () => {
    // The catalog read says 5 of p2 are left; by the take, a racing order has them (1 left). The
    // conditional take answers "not taken": there is no hold to give back, and no request for it.
    const ctx = memoryShop(catalog);
    const read = ctx.products.getMany;
    ctx.products.getMany = async (ids) => (await read(ids)).map((p) => (p._id === 'p2' ? { ...p, stock: 5 } : p));
    const returned: string[] = [];
    const give = ctx.products.returnStock;
    ctx.products.returnStock = async (id, q, attempt) => {
      returned.push(id);
      return give(id, q, attempt);
    };
    await expect(createOrder({ action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }, { productId: 'p2', quantity: 2 }] }, ctx)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(ctx.taken).toEqual(['p2']);
    expect(returned).toEqual([]);
    expect([ctx.stock.get('p1'), ctx.stock.get('p2')]).toEqual([5, 1]);
  });

  it('keeps a placed order when its facts cannot be recorded: facts stay pending for the repair pass', async () => {
    const ctx = memoryShop(catalog);
    ctx.failFacts = true;
    const o = await createOrder({ action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }] }, ctx);
    expect(o.facts).toBe('pending');
    expect(ctx.saved).toHaveLength(1);
    expect(ctx.stock.get('p1')).toBe(4);
    ctx.failFacts = false;
    expect((await createOrder({ action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }] }, ctx)).facts).toBe('recorded');
  });

  it('property: stock never goes negative and sold + left = initial', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.record({ productId: fc.constantFrom('p1', 'p2'), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 }), { maxLength: 8 }), async (orders) => {
        const ctx = memoryShop(catalog);
        for (const items of orders) await createOrder({ action: 'createOrder', items }, ctx).catch(() => undefined);
        for (const p of catalog) {
          const sold = ctx.saved.flatMap((o) => o.items).filter((l) => l.productId === p._id).reduce((s, l) => s + l.quantity, 0);
          expect(ctx.stock.get(p._id)).toBeGreaterThanOrEqual(0);
          expect(sold + (ctx.stock.get(p._id) as number)).toBe(p.stock);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('pages products and reports whether more follow', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...catalog[0], _id: `p${i}` }) as Product);
    const ctx = memoryShop(many);
    const first = await listProducts({ action: 'listProducts', page: 0 }, ctx);
    expect(first.products).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    expect((await listProducts({ action: 'listProducts', page: 1 }, ctx)).hasMore).toBe(false);
  });

  it('pages after the last product shown, so a product added meanwhile repeats or hides no card', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...catalog[0], _id: `p${String(i).padStart(2, '0')}` }) as Product);
    const ctx = memoryShop(many);
    const first = await listProducts({ action: 'listProducts', page: 0 }, ctx);
    many.push({ ...catalog[0], _id: 'a00' } as Product); // the merchant lists a product that sorts first
    const next = await listProducts({ action: 'listProducts', page: 1, after: first.products.at(-1)!._id }, ctx);
    expect(next.products.map((p) => p._id)).toEqual(['p20', 'p21', 'p22', 'p23', 'p24']);
    expect(next.hasMore).toBe(false);
    // The offset an older app sends shows p19 again.
    expect((await listProducts({ action: 'listProducts', page: 1 }, ctx)).products[0]._id).toBe('p19');
  });

  it('refuses bad requests at the boundary: fractional or huge quantities, operator ids, client prices', () => {
    const bad = [
      { action: 'createOrder', items: [{ productId: 'p1', quantity: 1.5 }] },
      { action: 'createOrder', items: [{ productId: '$gt', quantity: 1 }] },
      { action: 'createOrder', items: [{ productId: 'p1', quantity: 1, priceFen: 1 }] },
      { action: 'createOrder', items: [] },
      { action: 'listProducts', q: 'x'.repeat(51) },
      { action: 'createOrder', items: [{ productId: 'p1', quantity: 1 }], openid: 'someone-else' },
    ];
    for (const b of bad) expect(shopRequest.safeParse(b).success).toBe(false);
  });

  it("lists the merchant's templates with ids matching the local cloud's WeChat side", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wxSide = require('../../scripts/local-cloud/templates.json') as { templates: { id: string; title: string }[] };
    const ours = listTemplates().templates;
    expect(ours.length).toBeGreaterThan(0);
    for (const t of ours) expect(wxSide.templates.map((w) => w.id)).toContain(t.templateId);
  });
});
