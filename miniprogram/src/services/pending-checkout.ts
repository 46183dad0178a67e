/**
 * The key of a checkout whose answer has not arrived, kept on the device (platform storage) so a
 * retry after a cold restart is the same checkout: the shop places one order per key
 * (`shop.createOrder`), so a retry gets the placed order back instead of placing, and charging,
 * a second one. One pending checkout per customer (h5: several may sign in on one browser; weapp:
 * storage is per WeChat account anyway); a cart whose lines changed is a new checkout.
 */
import { customerOnDevice, platformStorage } from '../platform';

const KEY = 'shop.checkout';

/** A checkout sent and not yet answered. */
interface Pending {
  /** The cart's lines as sent (product id and quantity, in order). */
  cart: string;
  key: string;
  /** When it was first sent (ms), for whoever reads the storage. */
  at: number;
}

type Store = Record<string, Pending>;

function read(): Store {
  try {
    const raw = platformStorage().get(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Store) : {};
  } catch {
    return {};
  }
}

function write(store: Store): void {
  try {
    if (Object.keys(store).length) platformStorage().set(KEY, JSON.stringify(store));
    else platformStorage().remove(KEY);
  } catch {
    // Storage full: the key still serves retries from this page.
  }
}

function newKey(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** A checkout of `cart` (stable JSON of its lines), with the key every retry of it must send. */
export interface Checkout {
  key: string;
  /** The answer arrived (an order): the next checkout of the same cart is a new one. */
  settle(): void;
}

/**
 * The checkout of `cart` for the signed-in customer: the pending one when it is the same cart
 * (a retry, perhaps after a restart), else a new one, stored BEFORE the order is sent.
 */
export async function beginCheckout(cart: string): Promise<Checkout> {
  const who = await customerOnDevice();
  const store = read();
  const same = store[who]?.cart === cart ? store[who] : null;
  const key = same?.key ?? newKey();
  if (!same) write({ ...store, [who]: { cart, key, at: Date.now() } });
  return {
    key,
    settle() {
      const now = read();
      if (now[who]?.key !== key) return;
      delete now[who];
      write(now);
    },
  };
}
