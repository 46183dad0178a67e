/**
 * Reads the real behaviour data in ../shared/data/behavior into per-customer event lists:
 * the Taobao sample (pv/cart/fav/buy, no prices) and CDNOW (purchases with amounts).
 *
 * CDNOW is read at several snapshot dates (`asOf`): one snapshot at the end of the data would
 * hold only long-tenured customers; earlier snapshots add new and freshly active ones, the mix a
 * live shop has. Each (customer, asOf) pair with at least one event before asOf is one profile.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One behaviour event in the shape both sources share. */
export interface BehaviorEvent {
  /** ms since epoch */
  ts: number;
  kind: 'view' | 'cart' | 'fav' | 'buy';
  /** purchase amount in yuan (CDNOW dollars taken as yuan; Taobao has no prices) */
  amountYuan?: number;
  quantity?: number;
  categoryId?: string;
}

/** A customer's events, sorted by time, to be profiled at `asOf`. */
export interface BehaviorCustomer {
  id: string;
  source: 'taobao' | 'cdnow';
  asOf: number;
  events: BehaviorEvent[];
}

/** End of the Taobao sample: 2017-12-04 00:00 UTC+8. */
export const TAOBAO_AS_OF = Date.UTC(2017, 11, 3, 16);
/** CDNOW snapshot dates (UTC): early cohort, mid-1997, end of data. */
export const CDNOW_AS_OF = [Date.UTC(1997, 3, 1), Date.UTC(1997, 9, 1), Date.UTC(1998, 6, 1)];

const KIND: Record<string, BehaviorEvent['kind']> = { pv: 'view', cart: 'cart', fav: 'fav', buy: 'buy' };

function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.length > 0);
}

/** Taobao sample: user_id,item_id,category_id,behavior_type,timestamp (Unix seconds). */
export function readTaobao(file: string): BehaviorCustomer[] {
  const byUser = new Map<string, BehaviorEvent[]>();
  for (const l of lines(file)) {
    const [user, , cat, type, ts] = l.split(',');
    const kind = KIND[type];
    if (!kind) throw new Error(`taobao: unknown behavior_type "${type}"`);
    const list = byUser.get(user) ?? [];
    list.push({ ts: Number(ts) * 1000, kind, categoryId: cat });
    byUser.set(user, list);
  }
  return [...byUser].map(([id, events]) => ({
    id: `tb_${id}`,
    source: 'taobao' as const,
    asOf: TAOBAO_AS_OF,
    events: events.filter((e) => e.ts < TAOBAO_AS_OF).sort((a, b) => a.ts - b.ts),
  })).filter((c) => c.events.length > 0);
}

/** CDNOW: customer_id,date(YYYY-MM-DD),number_of_cds,dollar_value — one customer per snapshot. */
export function readCdnow(file: string, asOfs: number[] = CDNOW_AS_OF): BehaviorCustomer[] {
  const byCustomer = new Map<string, BehaviorEvent[]>();
  for (const l of lines(file)) {
    const [cust, date, cds, dollars] = l.split(',');
    const list = byCustomer.get(cust) ?? [];
    list.push({ ts: Date.parse(`${date}T12:00:00Z`), kind: 'buy', quantity: Number(cds), amountYuan: Number(dollars), categoryId: 'cd' });
    byCustomer.set(cust, list);
  }
  const out: BehaviorCustomer[] = [];
  for (const asOf of asOfs) {
    for (const [id, events] of byCustomer) {
      const seen = events.filter((e) => e.ts < asOf).sort((a, b) => a.ts - b.ts);
      if (seen.length) out.push({ id: `cd_${id}@${new Date(asOf).toISOString().slice(0, 10)}`, source: 'cdnow', asOf, events: seen });
    }
  }
  return out;
}

/** One source (or both) from a `behavior/` folder, and the files read (their content is hashed). */
export function readBehaviorDir(dir: string, source: 'cdnow' | 'taobao' | 'both' = 'both'): { customers: BehaviorCustomer[]; files: string[] } {
  const tb = path.join(dir, 'taobao_user_behavior_sample.csv');
  const cd = path.join(dir, 'cdnow_transactions.csv');
  const customers = [...(source === 'cdnow' ? [] : readTaobao(tb)), ...(source === 'taobao' ? [] : readCdnow(cd))];
  return { customers, files: source === 'both' ? [tb, cd] : [source === 'cdnow' ? cd : tb] };
}
