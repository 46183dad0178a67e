/**
 * The demo shop's service-notice subscriptions: one in four customers who agreed and kept
 * personalised pushes on accepted one 降价提醒 in WeChat's popup, as a customer tapping 开启 on a
 * product page would. Without any, every campaign staff try in the demo reaches nobody. Goes the
 * way a real accept goes: the local cloud's WeChat side records the grant and pushes the popup
 * event to `wxpush`, the ledger's only source (the seed never writes `grants` itself).
 */
import type { FullCloud } from '../local-cloud/cloud';

/** Every Nth consenting customer (by openid) subscribes. */
export const DEMO_SUBSCRIBE_EVERY = 4;
/** The template they accept: the product page's 降价提醒. */
export const DEMO_TEMPLATE = 'tpl_price_drop';

/** Customers who may be sent to at all: consent given, not withdrawn, personalised pushes on. */
function reachableCustomers(cloud: FullCloud): string[] {
  const ids: string[] = [];
  for (let skip = 0; ; skip += 1000) {
    const page = cloud.db.collection('consents').find({ granted: true }, { skip, limit: 1000, sort: { _id: 1 } });
    for (const c of page) if (!c.withdrawnAt && c.personalization !== false) ids.push(String(c._id));
    if (page.length < 1000) return ids;
  }
}

/** Registers the demo's accepts, a few at a time; answers how many customers subscribed. */
export async function seedSubscriptions(cloud: FullCloud, every = DEMO_SUBSCRIBE_EVERY, concurrency = 4): Promise<number> {
  const chosen = reachableCustomers(cloud).filter((_, i) => i % every === 0);
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) await cloud.subscribe.registerGrants(chosen[next++], { [DEMO_TEMPLATE]: 'accept' });
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return chosen.length;
}
