/** What the shop handlers need from the database (real: wx-server-sdk; see db-ports.ts). */
import type { Order, Product } from './schema';

/** Catalog queries. */
export interface ProductStore {
  list(filter: { categoryId?: string; q?: string }, skip: number, limit: number): Promise<Product[]>;
  getMany(ids: string[]): Promise<Product[]>;
  categories(): Promise<{ categoryId: string; categoryName: string; count: number }[]>;
  /** Takes `quantity` from stock only if that much is left; false otherwise. */
  takeStock(productId: string, quantity: number): Promise<boolean>;
  returnStock(productId: string, quantity: number): Promise<void>;
}

/** Orders. */
export interface OrderStore {
  insert(order: Order): Promise<void>;
  listByOpenid(openid: string, limit: number): Promise<Order[]>;
}

/** Everything a handler gets. */
export interface ShopContext {
  openid: string;
  now: number;
  products: ProductStore;
  orders: OrderStore;
  newOrderId(): string;
}
