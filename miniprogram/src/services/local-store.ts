/**
 * Small device-local stores of the shop (cart, favourites, reviewed items) on the platform's
 * storage. Not tracking data: these work with or without consent.
 */
import { platformStorage } from '../platform';

function read<T>(key: string, fallback: T): T {
  try {
    const raw = platformStorage().get(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown): void {
  try {
    platformStorage().set(key, JSON.stringify(value));
  } catch {
    // Storage full: the cart still works for this session.
  }
}

/** One cart line (price shown is the catalog's; the order is priced again on the server). */
export interface CartLine {
  productId: string;
  name: string;
  categoryId: string;
  priceFen: number;
  quantity: number;
}

const CART = 'shop.cart';
const FAVS = 'shop.favs';
const REVIEWED = 'shop.reviewed';

export const cartStore = {
  lines: (): CartLine[] => read<CartLine[]>(CART, []),
  save: (lines: CartLine[]) => write(CART, lines),
  add(line: Omit<CartLine, 'quantity'>, quantity = 1): CartLine[] {
    const lines = cartStore.lines();
    const found = lines.find((l) => l.productId === line.productId);
    if (found) found.quantity = Math.min(99, found.quantity + quantity);
    else lines.push({ ...line, quantity });
    cartStore.save(lines);
    return lines;
  },
  count: (): number => cartStore.lines().reduce((s, l) => s + l.quantity, 0),
  clear: () => write(CART, []),
};

export const favStore = {
  all: (): string[] => read<string[]>(FAVS, []),
  has: (id: string) => favStore.all().includes(id),
  toggle(id: string): boolean {
    const all = favStore.all();
    const on = !all.includes(id);
    write(FAVS, on ? [...all, id] : all.filter((x) => x !== id));
    return on;
  },
};

/** `${orderId}:${productId}` of lines already reviewed. */
export const reviewedStore = {
  all: (): string[] => read<string[]>(REVIEWED, []),
  add: (key: string) => write(REVIEWED, [...reviewedStore.all(), key]),
};
