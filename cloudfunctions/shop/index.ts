/**
 * `shop` cloud function: the catalog and orders of the customer app.
 * Actions: listProducts {categoryId?, q?, page?}, getProduct {productId}, listCategories,
 * createOrder {items:[{productId, quantity}], orderKey?} (one order per key; prices and amount from the catalog; the purchase
 * enters the event stream and the profile from here, never from the client), listOrders,
 * listTemplates (the merchant's subscribe templates). Identity: `cloud.getWXContext().OPENID` only.
 */
import crypto from 'node:crypto';
import cloud from 'wx-server-sdk';
import { ok, QxError, type FnReply } from '../common/contracts/errors';
import { refusalText } from '../common/contracts/refusal-text';
import { RETRY_SAFE_ACTIONS } from '../common/contracts/retry-safe';
import { replyOfError } from '../common/contracts/reply-of-error';
import { requestOf } from '../common/contracts/platform-event';
import { Db } from '../common/db/wx-db';
import { wxConsentStore, wxEventStore, wxProfileStore } from '../common/db/wx-ports';
import { recordOrderFacts } from '../common/facts/order-facts';
import { dbOrderStore, dbProductStore } from './db-ports';
import { createOrder, getProduct, listOrders, listProducts, listTemplates } from './handlers';
import type { ShopContext } from './ports';
import { shopRequest, type ShopRequest } from './schema';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
type Stores = Pick<ShopContext, 'products' | 'orders' | 'recordFacts' | 'log'>;
let stores: Stores | undefined;

function getStores(): Stores {
  if (!stores) {
    const sdk = cloud.database();
    const db = new Db(sdk as never);
    const facts = { events: wxEventStore(db), profiles: wxProfileStore(db), consents: wxConsentStore(db) };
    stores = {
      products: dbProductStore(db, sdk),
      orders: dbOrderStore(db),
      recordFacts: (order) => recordOrderFacts(order, facts, Date.now()),
      log: (msg, err) => console.error(`[shop] ${msg}`, err ?? ''),
    };
  }
  return stores;
}

/** Order ids: time-sortable, unguessable, contract-safe (letters, digits). */
function newOrderId(): string {
  return `o${Date.now().toString(36)}${crypto.randomBytes(6).toString('hex')}`;
}

/**
 * Whether each action may be retried as it is: the reads, where a database timeout is UNAVAILABLE.
 * createOrder is not: its own timeouts answer OUTCOME_UNKNOWN (the checkout's key makes the retry
 * safe), anything else INTERNAL. A Record over the actions, so a new one cannot skip the choice.
 */
const RETRY_SAFE: Record<ShopRequest['action'], boolean> = RETRY_SAFE_ACTIONS.shop;

export async function main(event: unknown): Promise<FnReply<unknown>> {
  let action: ShopRequest['action'] | undefined;
  try {
    const parsed = shopRequest.safeParse(requestOf(event));
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new QxError(
        i?.code === 'invalid_union_discriminator' ? 'UNKNOWN_ACTION' : 'INVALID_INPUT',
        refusalText('请求无效', i),
      );
    }
    const req = parsed.data;
    action = req.action;
    if (req.action === 'listTemplates') return ok(listTemplates());
    const openid = cloud.getWXContext().OPENID;
    if (!openid) throw new QxError('UNAUTHENTICATED', '无法识别用户身份');
    const ctx: ShopContext = { openid, now: Date.now(), newOrderId, ...getStores() };
    switch (req.action) {
      case 'listProducts':
        return ok(await listProducts(req, ctx));
      case 'getProduct':
        return ok(await getProduct(req.productId, ctx));
      case 'listCategories':
        return ok({ categories: await ctx.products.categories() });
      case 'createOrder':
        return ok(await createOrder(req, ctx));
      case 'listOrders':
        return ok(await listOrders(ctx));
    }
  } catch (err) {
    return replyOfError(err, { fn: 'shop', retrySafe: action === undefined || RETRY_SAFE[action], internal: '服务暂时不可用，请稍后重试' });
  }
}
