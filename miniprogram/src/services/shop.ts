/** The `shop` function, typed for the pages. */
import type { Order as StoredOrder, OrderLine, Product } from '../../../cloudfunctions/shop/schema';
import { call } from './api';

/** Catalog product and order lines are the shop function's own types (type-only import, no code). */
export type { OrderLine, Product };

/** One category of the catalog, with the shop's name for it and how many products carry it. */
export interface Category {
  categoryId: string;
  categoryName: string;
  count: number;
}

/** An order as the shop function returns it to its owner. */
export type Order = Omit<StoredOrder, 'openid'>;

/** A subscribe-message template the shop offers, and what it is used for. */
export interface TemplateInfo {
  use: string;
  templateId: string;
  title: string;
  description: string;
}

export const shopApi = {
  listProducts: (q: { categoryId?: string; q?: string; page?: number; after?: string }) =>
    call<{ products: Product[]; page: number; hasMore: boolean }>('shop', { action: 'listProducts', ...q }),
  listCategories: () => call<{ categories: Category[] }>('shop', { action: 'listCategories' }),
  getProduct: (productId: string) => call<Product>('shop', { action: 'getProduct', productId }),
  /** `orderKey`: one per checkout attempt, the same on its retries (the shop places one order per key). */
  createOrder: (items: { productId: string; quantity: number }[], orderKey?: string) =>
    // Out of time, the order may stand: the cart keeps the key, and asking again places it at most once (the shop's own words).
    call<Order>('shop', { action: 'createOrder', items, ...(orderKey ? { orderKey } : {}) }, { unknownText: '订单提交结果暂未确认，请稍后重试（重试不会重复下单）' }),
  /** The newest 50 orders; `more` (absent from an earlier shop function) says older ones exist. */
  listOrders: () => call<{ orders: Order[]; more?: boolean }>('shop', { action: 'listOrders' }),
  listTemplates: () => call<{ templates: TemplateInfo[] }>('shop', { action: 'listTemplates' }),
};

export { yuan } from './money';
