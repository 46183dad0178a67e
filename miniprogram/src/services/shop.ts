/** The `shop` function, typed for the pages. */
import { call } from './api';

/** A catalog product (money in integer fen). */
export interface Product {
  _id: string;
  name: string;
  categoryId: string;
  categoryName: string;
  priceFen: number;
  image?: string;
  stock: number;
}

export interface Category {
  categoryId: string;
  categoryName: string;
  count: number;
}

export interface OrderLine {
  productId: string;
  name: string;
  categoryId: string;
  quantity: number;
  priceFen: number;
}

export interface Order {
  _id: string;
  items: OrderLine[];
  amountFen: number;
  status: string;
  createdAt: number;
}

export interface TemplateInfo {
  use: string;
  templateId: string;
  title: string;
  description: string;
}

export const shopApi = {
  listProducts: (q: { categoryId?: string; q?: string; page?: number }) =>
    call<{ products: Product[]; page: number; hasMore: boolean }>('shop', { action: 'listProducts', ...q }),
  listCategories: () => call<{ categories: Category[] }>('shop', { action: 'listCategories' }),
  getProduct: (productId: string) => call<Product>('shop', { action: 'getProduct', productId }),
  createOrder: (items: { productId: string; quantity: number }[]) => call<Order>('shop', { action: 'createOrder', items }),
  listOrders: () => call<{ orders: Order[] }>('shop', { action: 'listOrders' }),
  listTemplates: () => call<{ templates: TemplateInfo[] }>('shop', { action: 'listTemplates' }),
};

export { yuan } from './money';
