/**
 * The generated demo shop, for a checkout without `../shared/data`. Two kinds of customers:
 * - **Buyers with long histories** (`gb_<n>`): the purchase days and amounts of a seeded simulated
 *   shop, `festivalApparelWorld` (scripts/eval/sim/festival-worlds.ts: an apparel and beauty shop
 *   whose customers live by 618 and Double 11 — festival hunters, regular and heavy buyers,
 *   exponential lifetimes; defined before any model ran on it, its process documented there). Its
 *   calendar is moved by whole years so that its festivals fall on this year's dates and its data
 *   ends on or after today; purchases after now are not made yet and are dropped, customers
 *   acquired after now do not exist yet. Each purchase day is one session: a view and a cart of a
 *   catalog product, then the purchase (quantity so that the amount is close to the world's).
 * - **Recent browsers** (`demo_<n>`): sessions in the last 60 days, some with a cart or a purchase —
 *   visitors who have not bought, and new buyers.
 */
import type { TrackedEvent } from '../../cloudfunctions/common/contracts/events';
import { DAY_MS } from '../../cloudfunctions/common/profile/day';
import { festivalApparelWorld } from '../eval/sim/festival-worlds';
import type { ReplayEvent } from '../replay/map-events';
import type { SeedProduct } from './catalog';
import { beijingClock, fromBeijingWallClock } from '../../cloudfunctions/common/beijing-time';

/** Customers drawn from the simulated shop (those acquired by today take part). */
export const GENERATED_BUYERS = 500;
/** Recent browsers. */
export const GENERATED_BROWSERS = 200;

/** Whole years to add to the simulated calendar so its last day falls in the year up to `now`. */
export function yearsForward(lastDay: number, now: number): number {
  const end = new Date(lastDay * DAY_MS);
  const today = beijingClock(now);
  let k = today.getUTCFullYear() - end.getUTCFullYear();
  while (Date.UTC(end.getUTCFullYear() + k, end.getUTCMonth(), end.getUTCDate()) < Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()))
    k++;
  return k;
}

/** `day` (days since 1970-01-01) on the same month and day `k` years later, at `hour` China time, in ms. */
function movedTs(day: number, k: number, hour: number): number {
  const d = new Date(day * DAY_MS);
  return fromBeijingWallClock(d.getUTCFullYear() + k, d.getUTCMonth() + 1, d.getUTCDate(), hour);
}

/** Event builder of one customer: ids, device and per-customer sequence numbers. */
function eventsOf(openid: string, tag: string) {
  let seq = 0;
  const out: ReplayEvent[] = [];
  const push = (sessionId: string, clientTs: number, e: Pick<TrackedEvent, 'name' | 'props'>) =>
    out.push({
      openid,
      event: {
        eventId: `${tag}x${seq}`,
        seq: seq++,
        deviceId: `${tag}d`,
        sessionId,
        clientTs,
        ...e,
      } as TrackedEvent,
    });
  return { out, push };
}

const view = (p: SeedProduct) => ({
  name: 'product_view' as const,
  props: { productId: p._id, categoryId: p.categoryId, priceFen: p.priceFen },
});
const cart = (p: SeedProduct, quantity = 1) => ({
  name: 'add_to_cart' as const,
  props: { productId: p._id, categoryId: p.categoryId, quantity, priceFen: p.priceFen },
});
const purchase = (p: SeedProduct, quantity: number, orderId: string) => ({
  name: 'purchase' as const,
  props: {
    orderId,
    amountFen: p.priceFen * quantity,
    items: [{ productId: p._id, categoryId: p.categoryId, quantity, priceFen: p.priceFen }],
  },
});

/** The simulated shop's buyers, moved to this year's calendar (see the file comment). */
export function generatedBuyers(
  catalog: readonly SeedProduct[],
  now: number,
  rand: () => number,
  o: { customers?: number; seed?: number } = {},
): ReplayEvent[] {
  const products = catalog.filter((p) => p.categoryId !== 'cmusic');
  const world = festivalApparelWorld(o.customers ?? GENERATED_BUYERS, o.seed ?? 7);
  const lastDay = Math.max(...world.customers.map((c) => c.days[c.days.length - 1]));
  const k = yearsForward(lastDay, now);
  const out: ReplayEvent[] = [];
  world.customers.forEach((c, n) => {
    const { out: mine, push } = eventsOf(`gb_${n + 1}`, `gb${n + 1}`);
    // A customer keeps to a few categories: one favourite product list per customer.
    const own = Array.from({ length: 3 }, () => products[Math.floor(rand() * products.length)]);
    c.days.forEach((day, j) => {
      const t0 = movedTs(day, k, 10 + Math.floor(rand() * 12));
      if (t0 > now) return;
      const p = own[Math.floor(rand() * own.length)];
      const quantity = Math.max(1, Math.min(5, Math.round((c.amounts[j] * 100) / p.priceFen)));
      const session = `gb${n + 1}s${day}`;
      push(session, t0, view(p));
      push(session, t0 + 60_000, cart(p, quantity));
      push(session, t0 + 120_000, purchase(p, quantity, `gb${n + 1}o${j}`));
    });
    out.push(...mine);
  });
  return out;
}

/** Recent browsers: 1–8 sessions in the last 60 days, a cart in 40 % and a purchase in 25 % of them. */
export function recentBrowsers(
  catalog: readonly SeedProduct[],
  now: number,
  rand: () => number,
  customers = GENERATED_BROWSERS,
): ReplayEvent[] {
  const out: ReplayEvent[] = [];
  const products = catalog.filter((p) => p.categoryId !== 'cmusic');
  for (let c = 0; c < customers; c++) {
    const { out: mine, push } = eventsOf(`demo_${c + 1}`, `g${c}`);
    const sessions = 1 + Math.floor(rand() * 8);
    for (let s = 0; s < sessions; s++) {
      const day = Math.floor(rand() * 60);
      const t0 = now - day * DAY_MS - Math.floor(rand() * 12) * 3_600_000;
      const p = products[Math.floor(rand() * products.length)];
      push(`g${c}s${s}`, t0, view(p));
      if (rand() < 0.4) push(`g${c}s${s}`, t0 + 60_000, cart(p));
      if (rand() < 0.25) push(`g${c}s${s}`, t0 + 120_000, purchase(p, 1, `go${c}x${s}`));
    }
    out.push(...mine);
  }
  return out;
}
