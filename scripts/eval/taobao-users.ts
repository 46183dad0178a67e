/**
 * The Taobao user-behaviour sample (user_id,item_id,category_id,behavior_type,timestamp) as the
 * value model's customer histories: purchase days (no prices in the file, so amounts are 0) and
 * per-day behaviour counts — the shape `historyOfProfile` builds from a profile's day buckets, so
 * the feature code is the product's. Feature rows at a cut-off read nothing after it.
 */
import {
  behaviourFeatures,
  FEATURE_NAMES,
  type BehaviourDay,
} from '../../cloudfunctions/common/value/features';
import { historyUpTo } from '../../cloudfunctions/common/value/history';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { parseCsv } from './csv';
import { beijingDayIndex } from '../../cloudfunctions/common/beijing-time';

/** The sample's users and its calendar. */
export interface TaobaoSample {
  users: CustomerHistory[];
  /** last day with any event, and the first day with a purchase (day numbers, Beijing dates) */
  lastDay: number;
  firstPurchaseDay: number;
}

/** Reads the CSV text: one customer history per user, days on the Beijing calendar. */
export function loadTaobao(text: string): TaobaoSample {
  const rows = parseCsv(text);
  const h = rows[0] ?? [];
  const [iu, ib, it] = ['user_id', 'behavior_type', 'timestamp'].map((c) => h.indexOf(c));
  if ([iu, ib, it].some((i) => i < 0)) throw new Error('expected columns user_id,behavior_type,timestamp');
  const byUser = new Map<string, { buys: Set<number>; days: Map<number, BehaviourDay> }>();
  for (const r of rows.slice(1)) {
    if (r.length < h.length) continue;
    const day = beijingDayIndex(Number(r[it]) * 1000);
    if (!Number.isFinite(day)) continue;
    let u = byUser.get(r[iu]);
    if (!u) byUser.set(r[iu], (u = { buys: new Set(), days: new Map() }));
    let d = u.days.get(day);
    if (!d)
      u.days.set(
        day,
        // One session per active day: the file has no session ids.
        (d = { day, views: 0, carts: 0, favourites: 0, sessions: 1, scoredReviews: 0, positiveSum: 0 }),
      );
    const kind = r[ib];
    if (kind === 'pv') d.views++;
    else if (kind === 'cart') d.carts++;
    else if (kind === 'fav') d.favourites++;
    else if (kind === 'buy') u.buys.add(day);
  }
  let lastDay = -Infinity;
  let firstPurchaseDay = Infinity;
  const users = [...byUser.values()].map((u) => {
    const days = [...u.buys].sort((a, b) => a - b);
    for (const d of u.days.keys()) lastDay = Math.max(lastDay, d);
    if (days.length) firstPurchaseDay = Math.min(firstPurchaseDay, days[0]);
    return {
      purchases: { days, amounts: days.map(() => 0) },
      behaviour: [...u.days.values()].sort((a, b) => a.day - b.day),
    };
  });
  return { users, lastDay, firstPurchaseDay };
}

/** Which columns a model sees. */
export type TaobaoColumns = 'rf' | 'rf+profile-behaviour' | 'rf+behaviour' | 'behaviour';

/** The behaviour family's columns as the profile model had them before the intent columns. */
const PROFILE_BEHAVIOUR = FEATURE_NAMES.behaviour.indexOf('views_1');

/**
 * A user's row at `cut`: purchase days so far and days since the last one (99 when none), then
 * the value model's behaviour family (all of it, or the first eight columns), from data ≤ cut.
 */
export function taobaoRow(u: CustomerHistory, cut: number, columns: TaobaoColumns): number[] {
  const bought = historyUpTo(u.purchases, cut).days;
  const last = bought.length ? bought[bought.length - 1] : -Infinity;
  const rf = [bought.length, bought.length ? cut - last : 99];
  if (columns === 'rf') return rf;
  const b = behaviourFeatures(u.behaviour ?? [], cut, last);
  const beh = columns === 'rf+profile-behaviour' ? b.slice(0, PROFILE_BEHAVIOUR) : b;
  return columns === 'behaviour' ? beh : [...rf, ...beh];
}

/** Training cut-offs for a target of `horizon` days after `cut`: every earlier day whose target window ends by `cut`. */
export function taobaoCutoffs(cut: number, firstPurchaseDay: number, horizon: number): number[] {
  const out: number[] = [];
  for (let c = cut - horizon; c >= firstPurchaseDay; c--) out.push(c);
  return out;
}
