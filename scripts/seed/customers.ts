/**
 * The demo customers and their events, replayed later through the real track function.
 * - Taobao customers (openid `tb_<user>`): a seeded sample of real users, each with their most
 *   recent `perCustomer` events; items and categories outside the catalog are mapped onto it
 *   (same category when it is in the catalog, else a category by hash; an item by hash within it).
 *   Their data's last day is moved to yesterday (UTC+8), each customer further back by 0–59 whole
 *   days (seeded), so the demo has active, cooling and dormant browsers.
 * - CDNOW customers (openid `cd_<customer>`): a seeded sample of ALL real customers (one-time
 *   buyers too, as any shop has them; 1,000 by default — what the first value refit needs to beat
 *   "no prediction" on its back-test with a margin, models/value/history/taobao-and-demo-shop.md
 *   "The demo shop serves"), all
 *   their purchases, as music CDs. CDNOW is one cohort that first bought in Q1 1997; a shop
 *   acquires customers all year. So each customer's history is moved so that the data's last day
 *   falls 0–364 days (seeded) after yesterday: first purchases spread over the last 18 to 3 months,
 *   and what would fall after now has not happened yet (dropped).
 * - Reviews: a third of the purchases get a review a day later, text from the real corpus, rating
 *   5 (corpus positive) or 2 (negative); without the corpus, composed texts in a shop's mix of
 *   ratings (built-in-reviews.ts).
 * - Without the data: generated.ts (a simulated shop's long purchase histories, recent browsers).
 */
import type { TrackedEvent } from '../../cloudfunctions/common/contracts/events';
import { dayIndex, DAY_MS } from '../../cloudfunctions/common/profile/day';
import { mapCdnow, mapTaobao, type ReplayEvent } from '../replay/map-events';
import { hash32, rng, shuffle } from '../replay/rng';
import type { CdnowRow, TaobaoRow } from '../replay/sources';
import type { SeedProduct } from './catalog';
import { generatedBuyers, recentBrowsers } from './generated';
import type { SeedReview } from './reviews';

/** Options of {@link planDemoEvents}. */
export interface DemoPlanOptions {
  taobao: readonly TaobaoRow[] | null;
  cdnow: readonly CdnowRow[] | null;
  catalog: readonly SeedProduct[];
  reviews: readonly SeedReview[];
  prices: readonly number[];
  now: number;
  seed?: number;
  taobaoCustomers?: number;
  perCustomer?: number;
  cdnowCustomers?: number;
  /** customers drawn from the simulated shop when there is no real data, and its seed (generated.ts) */
  generatedBuyers?: number;
  generatedSeed?: number;
}

function shiftEvent(r: ReplayEvent, ms: number, owner: string): ReplayEvent {
  const clientTs = r.event.clientTs + ms;
  return {
    openid: r.openid,
    event: { ...r.event, clientTs, sessionId: `s${owner}_${dayIndex(clientTs)}` } as TrackedEvent,
  };
}

function remapTaobao(rows: readonly TaobaoRow[], catalog: readonly SeedProduct[]): TaobaoRow[] {
  const cats = [...new Set(catalog.filter((p) => p.sourceCategory).map((p) => p.sourceCategory!))];
  const items = new Map<string, string[]>();
  for (const p of catalog)
    if (p.sourceCategory)
      (items.get(p.sourceCategory) ?? items.set(p.sourceCategory, []).get(p.sourceCategory)!).push(
        p._id.slice(1),
      );
  return rows.map((r) => {
    const cat = items.has(r.categoryId) ? r.categoryId : cats[hash32(r.categoryId, 3) % cats.length];
    const list = items.get(cat)!;
    const itemId = list.includes(r.itemId) ? r.itemId : list[hash32(r.itemId, 4) % list.length];
    return { ...r, categoryId: cat, itemId };
  });
}

function addReviews(
  events: ReplayEvent[],
  reviews: readonly SeedReview[],
  now: number,
  rand: () => number,
): ReplayEvent[] {
  const out: ReplayEvent[] = [];
  let k = 0;
  for (const r of events) {
    if (r.event.name !== 'purchase' || rand() > 0.33 || reviews.length === 0) continue;
    const ts = r.event.clientTs + DAY_MS;
    if (ts > now) continue;
    const item = r.event.props.items[0];
    const rv = reviews[k++ % reviews.length];
    out.push({
      openid: r.openid,
      event: {
        ...r.event,
        eventId: `${r.event.eventId}r`,
        seq: r.event.seq + 100000,
        clientTs: ts,
        sessionId: `${r.event.sessionId}r`,
        name: 'review_submit',
        props: {
          productId: item.productId,
          categoryId: item.categoryId,
          orderId: r.event.props.orderId,
          text: rv.text,
          rating: rv.rating ?? (rv.positive ? 5 : 2),
        },
      },
    });
  }
  return out;
}

/** CDNOW customers in the demo (with the real data). */
export const CDNOW_CUSTOMERS = 1000;
/** Days over which the CDNOW customers' histories are spread (their acquisition, see the file comment). */
export const CDNOW_SPREAD_DAYS = 365;

/** The sampled CDNOW customers' purchases, each history moved as the file comment says. */
function cdnowEvents(
  rows: readonly CdnowRow[],
  n: number,
  yesterdayNoon: number,
  rand: () => number,
): ReplayEvent[] {
  const ids = [...new Set(rows.map((r) => r.customerId))].sort();
  const picked = new Set(shuffle(ids, rand).slice(0, n));
  const endMs = Date.UTC(1998, 5, 30, 4);
  const shifts = new Map(
    [...picked].map((c) => [c, yesterdayNoon - endMs + Math.floor(rand() * CDNOW_SPREAD_DAYS) * DAY_MS]),
  );
  return mapCdnow(rows)
    .filter((r) => picked.has(r.openid.slice(3)))
    .map((r) => shiftEvent(r, shifts.get(r.openid.slice(3))!, r.openid));
}

/** Every demo event, with its customer. */
export function planDemoEvents(o: DemoPlanOptions): ReplayEvent[] {
  const rand = rng(o.seed ?? 99);
  const yesterdayNoon = (dayIndex(o.now) - 1) * DAY_MS + 4 * 3_600_000;
  let events: ReplayEvent[] = [];
  if (o.taobao && o.taobao.length > 0) {
    const byUser = new Map<string, TaobaoRow[]>();
    for (const r of o.taobao) (byUser.get(r.userId) ?? byUser.set(r.userId, []).get(r.userId)!).push(r);
    const users = shuffle([...byUser.keys()].sort(), rand).slice(0, o.taobaoCustomers ?? 250);
    const rows = users.flatMap((u) =>
      byUser
        .get(u)!
        .sort((a, b) => a.ts - b.ts)
        .slice(-(o.perCustomer ?? 40)),
    );
    const last = Math.max(...o.taobao.filter((r) => r.ts < 1512316800).map((r) => r.ts)) * 1000; // < 2017-12-04 UTC+8
    const shifts = new Map(users.map((u) => [u, yesterdayNoon - last - Math.floor(rand() * 60) * DAY_MS]));
    events = mapTaobao(remapTaobao(rows, o.catalog), o.prices).map((r) =>
      shiftEvent(r, shifts.get(r.openid.slice(3))!, r.openid),
    );
  } else
    events = [
      ...recentBrowsers(o.catalog, o.now, rand),
      ...generatedBuyers(o.catalog, o.now, rand, { customers: o.generatedBuyers, seed: o.generatedSeed }),
    ];
  if (o.cdnow && o.cdnow.length > 0) events.push(...cdnowEvents(o.cdnow, o.cdnowCustomers ?? CDNOW_CUSTOMERS, yesterdayNoon, rand));
  events = events.filter((r) => r.event.clientTs <= o.now);
  return [...events, ...addReviews(events, o.reviews, o.now, rand)];
}
