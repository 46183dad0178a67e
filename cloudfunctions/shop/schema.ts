/**
 * Requests the `shop` function accepts, validated at the boundary. Identity never comes from here
 * (the caller is `cloud.getWXContext().OPENID`); unknown keys are refused, not ignored.
 */
import { z } from 'zod';
import { id } from '../common/contracts/events';
import { productSearchText } from '../common/contracts/name-search';
import type { FactsState } from '../common/contracts/orders';

/** Products per page of `listProducts`. */
export const PAGE_SIZE = 20;
/**
 * Most units of one product in one order, after repeated lines are merged: the cart's stepper
 * stops at 99, so more is a scripted client (or a reseller emptying the shelf) — refused whole.
 */
export const MAX_UNITS_PER_PRODUCT = 99;

const listProducts = z
  .object({
    action: z.literal('listProducts'),
    categoryId: id.optional(),
    // The admin's search rule (no control characters or lone surrogates), at the app's 50 characters.
    q: productSearchText.optional(),
    page: z.number().int().min(0).max(500).default(0),
    /**
     * The last product the app already shows: the next page starts after it, whatever was added or
     * delisted meanwhile. Without it (apps released before it), `page` is an offset.
     */
    after: id.optional(),
  })
  .strict();
const getProduct = z.object({ action: z.literal('getProduct'), productId: id }).strict();
const createOrder = z
  .object({
    action: z.literal('createOrder'),
    /**
     * The app's key of one checkout attempt, kept while it retries: the same key places one order
     * (a double tap, or a retry after a lost answer, gets the order back instead of a second one).
     */
    orderKey: id.optional(),
    items: z
      .array(z.object({ productId: id, quantity: z.number().int().min(1).max(99) }).strict())
      .min(1)
      .max(50),
  })
  .strict();
const listOrders = z.object({ action: z.literal('listOrders') }).strict();
const listTemplates = z.object({ action: z.literal('listTemplates') }).strict();
const listCategories = z.object({ action: z.literal('listCategories') }).strict();

/** Any shop request. */
export const shopRequest = z.discriminatedUnion('action', [listProducts, getProduct, createOrder, listOrders, listTemplates, listCategories]);
export type ShopRequest = z.infer<typeof shopRequest>;
export type CreateOrderRequest = z.infer<typeof createOrder>;
export type ListProductsRequest = z.infer<typeof listProducts>;

/** A catalog product (seeded by scripts/seed; money in integer fen). */
export interface Product {
  _id: string;
  name: string;
  categoryId: string;
  categoryName: string;
  priceFen: number;
  image?: string;
  stock: number;
}

/** One line of a stored order: prices are the catalog's at order time, never the client's. */
export interface OrderLine {
  productId: string;
  name: string;
  categoryId: string;
  quantity: number;
  priceFen: number;
}

/** A stored order (`orders`, `_id` = orderId). */
export interface Order {
  _id: string;
  openid: string;
  items: OrderLine[];
  amountFen: number;
  status: 'paid';
  createdAt: number;
  /** Whether its purchase facts reached the event stream and the profile ('pending' until they do). */
  facts: FactsState;
  /**
   * Only on orders placed before the call's attempt became its insert's write-id: that call's
   * attempt, which the repair pass still reads for them (common/catalog/stock-holds.ts). Newer
   * orders carry it only as the database's write-id (`Db.isOwnWrite`).
   */
  attempt?: string;
}
