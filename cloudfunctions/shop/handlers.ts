/**
 * The shop's actions, pure over {@link ShopContext} ports. Money is integer fen and always
 * computed here from the catalog: the client sends only product ids and quantities.
 */
import { QxError } from '../common/contracts/errors';
import type { ShopContext } from './ports';
import { PAGE_SIZE, type CreateOrderRequest, type ListProductsRequest, type Order, type OrderLine, type Product } from './schema';
import merchantTemplates from './templates.json';

/** A page of products. */
export interface ProductPage {
  products: Product[];
  page: number;
  hasMore: boolean;
}

export async function listProducts(req: ListProductsRequest, ctx: ShopContext): Promise<ProductPage> {
  const q = req.q?.trim() || undefined;
  const rows = await ctx.products.list({ categoryId: req.categoryId, q }, req.page * PAGE_SIZE, PAGE_SIZE + 1);
  return { products: rows.slice(0, PAGE_SIZE), page: req.page, hasMore: rows.length > PAGE_SIZE };
}

export async function getProduct(productId: string, ctx: ShopContext): Promise<Product> {
  const [p] = await ctx.products.getMany([productId]);
  if (!p) throw new QxError('NOT_FOUND', '商品不存在或已下架');
  return p;
}

/** Merges repeated lines of the same product (one stock check per product). */
function mergeLines(items: CreateOrderRequest['items']): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(it.productId, (m.get(it.productId) ?? 0) + it.quantity);
  return m;
}

/**
 * Places an order: prices from the catalog, stock taken product by product (single-document
 * conditional updates — the cloud database has no multi-document transactions), and every
 * taken unit given back if any later step fails, so an order is all or nothing.
 */
export async function createOrder(req: CreateOrderRequest, ctx: ShopContext): Promise<Order> {
  const wanted = mergeLines(req.items);
  const found = new Map((await ctx.products.getMany([...wanted.keys()])).map((p) => [p._id, p]));
  const missing = [...wanted.keys()].filter((id) => !found.has(id));
  if (missing.length) throw new QxError('NOT_FOUND', `商品不存在或已下架：${missing.join(', ')}`, { missing });
  const lines: OrderLine[] = [...wanted].map(([productId, quantity]) => {
    const p = found.get(productId) as Product;
    return { productId, name: p.name, categoryId: p.categoryId, quantity, priceFen: p.priceFen };
  });
  const amountFen = lines.reduce((s, l) => s + l.priceFen * l.quantity, 0);
  if (!Number.isSafeInteger(amountFen)) throw new QxError('INVALID_INPUT', '订单金额超出范围');

  const taken: OrderLine[] = [];
  const giveBack = async () => {
    for (const l of taken) await ctx.products.returnStock(l.productId, l.quantity);
  };
  try {
    for (const l of lines) {
      if (!(await ctx.products.takeStock(l.productId, l.quantity))) {
        throw new QxError('CONFLICT', `「${l.name}」库存不足`, { productId: l.productId });
      }
      taken.push(l);
    }
    const order: Order = { _id: ctx.newOrderId(), openid: ctx.openid, items: lines, amountFen, status: 'paid', createdAt: ctx.now };
    await ctx.orders.insert(order);
    return order;
  } catch (err) {
    await giveBack();
    throw err;
  }
}

export async function listOrders(ctx: ShopContext): Promise<{ orders: Order[] }> {
  return { orders: await ctx.orders.listByOpenid(ctx.openid, 50) };
}

/** A template the customer can subscribe to (service notices only). */
export interface TemplateInfo {
  use: string;
  templateId: string;
  title: string;
  description: string;
}

export function listTemplates(): { templates: TemplateInfo[] } {
  return { templates: merchantTemplates.templates.map(({ use, templateId, title, description }) => ({ use, templateId, title, description })) };
}
