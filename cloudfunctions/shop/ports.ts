/** What the shop handlers need from the database (real: wx-server-sdk; see db-ports.ts). */
import type { HeldStock } from '../common/catalog/stock-holds';
import type { OrderFence } from '../common/catalog/order-fence';
import type { FactsState } from '../common/contracts/orders';
import type { Order, Product } from './schema';

/**
 * Where a product list starts: after the last product the customer already has (`_id` order), or,
 * for an app released before `after`, a page number's offset.
 */
export type ProductListFrom = { after: string } | { skip: number };

/** Catalog queries. */
export interface ProductStore {
  list(filter: { categoryId?: string; q?: string }, from: ProductListFrom, limit: number): Promise<Product[]>;
  getMany(ids: string[]): Promise<Product[]>;
  categories(): Promise<{ categoryId: string; categoryName: string; count: number }[]>;
  /**
   * Takes `quantity` from stock only if that much is left, recording that call `attempt` holds it
   * for `orderId` (common/catalog/stock-holds.ts); false otherwise.
   */
  takeStock(productId: string, quantity: number, hold: { attempt: string; orderId: string; at: number }): Promise<boolean>;
  /** Gives back what call `attempt` holds of the product (`quantity`, as taken), if anything. */
  returnStock(productId: string, quantity: number, attempt: string): Promise<void>;
  /** Drops call `attempt`'s hold: its order was stored and keeps the units. */
  releaseHold(productId: string, attempt: string): Promise<void>;
  /** Every call's hold on `productIds` for order `orderId` (checkout-holds.ts). */
  holdsFor(productIds: string[], orderId: string): Promise<HeldStock[]>;
  /** Gives back the units of a hold as read, if it is still there. */
  returnHeld(hold: HeldStock): Promise<void>;
  /** Drops a hold as read, keeping its units: its order was stored. */
  releaseHeld(hold: HeldStock): Promise<void>;
  /** Call `attempt` takes over an earlier call's hold for the same order, if it is still there (stock-holds.ts). */
  adoptHold(hold: HeldStock, attempt: string, at: number): Promise<boolean>;
}

/** Orders. */
export interface OrderStore {
  /**
   * Stores a new order with write-id `writeId` (the call's attempt, common/db/write-id.ts); false
   * (nothing written) when another call's order holds its `_id`. True when this call's order is the
   * one stored, also when the answer to its insert was lost. When that cannot be told yet:
   * InsertOutcomeUnknownError, and {@link OrderStore.isOwn} asks again.
   */
  insert(order: Order, writeId: string): Promise<boolean>;
  /** Whether order `orderId` is stored and is the one an insert with `writeId` wrote. */
  isOwn(orderId: string, writeId: string): Promise<boolean>;
  /** What is stored under `orderId`: an order, or the repair pass's fence (common/catalog/order-fence.ts). */
  get(orderId: string): Promise<Order | OrderFence | null>;
  /** What is stored under each of `orderIds` (one query): ids with nothing stored are not in the map. */
  getEach(orderIds: string[]): Promise<Map<string, Order | OrderFence>>;
  /** Records where the order's server facts stand (common/facts/order-facts.ts). */
  setFacts(orderId: string, facts: FactsState): Promise<void>;
  listByOpenid(openid: string, limit: number): Promise<Order[]>;
}

/** Everything a handler gets. */
export interface ShopContext {
  openid: string;
  now: number;
  products: ProductStore;
  orders: OrderStore;
  newOrderId(): string;
  /** Writes the order's purchase facts into the event stream and the profile (order-facts.ts). */
  recordFacts(order: Order): Promise<Exclude<FactsState, 'pending'>>;
  log(msg: string, err?: unknown): void;
}
