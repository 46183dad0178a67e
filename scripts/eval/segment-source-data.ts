/**
 * The three populations the segmentation report judges one at a time, each split into what the
 * fit may see (up to a cut) and a hold-out: CDNOW on its classic 39/39-week split, the Taobao
 * sample (6 days / 3 days: it spans 9 days) and the demo shop `scripts/seed` builds (its plan of
 * events, folded directly rather than replayed through a cloud; reviews left out because their
 * sentiment comes from the track function's model; last 30 days held out).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BehaviorEvent } from '../train/segmentation/behavior-data';
import { readTaobao as readTaobaoCustomers } from '../train/segmentation/behavior-data';
import { unitPriceDistribution } from '../replay/prices';
import { readCdnow, readTaobao } from '../replay/sources';
import { buildCatalog } from '../seed/catalog';
import { planDemoEvents } from '../seed/customers';
import { parsePurchaseDay } from './purchase-dates';
import { endOfDay, type EventCustomer, usefulnessInputAt } from './purchase-profiles';
import { usefulnessInput } from './purchase-usefulness-input';
import { loadPurchases } from './purchases-csv';
import type { UsefulnessInput } from './segment-eval';
import { beijingDayIndex } from '../../cloudfunctions/common/beijing-time';

/** One population, split. */
export interface SourceData {
  name: string;
  split: string;
  input: UsefulnessInput;
  /** where each customer came from (only the demo shop mixes sources) */
  origins: string[] | null;
}

/** CDNOW, calibration to 1997-09-30, hold-out to 1998-06-30. */
export function cdnowSource(dataDir: string): SourceData {
  const file = path.join(dataDir, 'behavior/cdnow_transactions.csv');
  const loaded = loadPurchases(fs.readFileSync(file, 'utf8'), { id: 'customer_id', date: 'date', amount: 'dollar_value' });
  const input = usefulnessInput(loaded.customers.values(), parsePurchaseDay('1997-09-30'), parsePurchaseDay('1998-06-30'), true);
  return { name: 'CDNOW', split: 'to 1997-09-30 / 1997-10-01..1998-06-30 (39/39 weeks)', input, origins: null };
}

/** The Taobao sample: every visitor, events to 2017-11-30, hold-out 2017-12-01..12-03 (no prices: no spend). */
export function taobaoSource(dataDir: string): SourceData {
  const customers = readTaobaoCustomers(path.join(dataDir, 'behavior/taobao_user_behavior_sample.csv'));
  const input = usefulnessInputAt(customers, endOfDay(parsePurchaseDay('2017-11-30')), endOfDay(parsePurchaseDay('2017-12-03')), false);
  return { name: 'Taobao sample', split: 'to 2017-11-30 / 2017-12-01..12-03 (6/3 days)', input, origins: null };
}

const KIND: Record<string, BehaviorEvent['kind']> = { product_view: 'view', add_to_cart: 'cart', favorite: 'fav', purchase: 'buy' };

/** The demo shop's planned events (seeded, `now` fixed so the report is reproducible), last 30 days held out. */
export function demoShopSource(dataDir: string, now = Date.UTC(2026, 0, 15, 4)): SourceData {
  const taobao = readTaobao(dataDir);
  const cdnow = readCdnow(dataDir);
  const prices = unitPriceDistribution(cdnow);
  const events = planDemoEvents({ taobao, cdnow, catalog: buildCatalog(taobao, prices), prices, now, reviews: [] });
  const byId = new Map<string, EventCustomer>();
  for (const { openid, event } of events) {
    const kind = KIND[event.name];
    if (!kind) continue;
    const props = event.props as { categoryId?: string; amountFen?: number; items?: { categoryId: string }[] };
    const c = byId.get(openid) ?? byId.set(openid, { id: openid, events: [] }).get(openid)!;
    c.events.push({ ts: event.clientTs, kind, categoryId: props.categoryId ?? props.items?.[0]?.categoryId, amountYuan: kind === 'buy' ? (props.amountFen ?? 0) / 100 : undefined });
  }
  const cut = endOfDay(beijingDayIndex(now) - 31);
  const customers = [...byId.values()];
  const input = usefulnessInputAt(customers, cut, now, true);
  const origins = customers.filter((c) => c.events.some((e) => e.ts <= cut)).map((c) => (c.id.startsWith('cd_') ? 'CDNOW' : 'Taobao'));
  return { name: 'Demo shop (scripts/seed)', split: 'to 31 days before / last 30 days', input, origins };
}
