/**
 * The category ids behind hashed day-bucket keys. A category id too long for its key is stored as
 * `qh_<hash>_…` (db/stored-keys.ts), and a bucket's `c` map holds counters, so the id rides nowhere
 * in the profile: it is found again by hashing the ids it can be — the shop's categories (what
 * staff and customers browse), and for one customer also the ids their own events carry (a
 * category no product holds any more). A key none of them hashes to stays unresolved.
 */
import { COLLECTIONS } from '../contracts/collections';
import { isHashedKey } from '../db/stored-keys';
import type { Db } from '../db/wx-db';
import { categoryKey, type HashedCategoryIds } from '../profile/bucket-keys';
import { shopCategoryIds } from './category-names';

/** Distinct category ids one customer's events carry (a product's, and a purchase's items'). */
async function eventCategoryIds(db: Db, openid: string): Promise<string[]> {
  const [direct, items] = await Promise.all([
    db.aggregateAll(COLLECTIONS.events, (p) => p.match({ openid, 'props.categoryId': db._.exists(true) }).group({ _id: '$props.categoryId' }), {
      max: 10_000,
    }),
    db.aggregateAll(
      COLLECTIONS.events,
      (p) => p.match({ openid, name: 'purchase' }).unwind('$props.items').group({ _id: '$props.items.categoryId' }),
      { max: 10_000 },
    ),
  ]);
  return [...direct, ...items].map((r) => r._id).filter((c): c is string => typeof c === 'string');
}

/**
 * Stored key → category id for each hashed key among `keys` that a shop category (or, given
 * `openid`, a category of that customer's events) hashes to. Costs nothing when no key is hashed
 * (the usual profile): the lookups run only for a key that needs them.
 */
export async function hashedCategoryIds(db: Db, keys: Iterable<string>, openid?: string): Promise<HashedCategoryIds> {
  const wanted = new Set([...keys].filter(isHashedKey));
  const out = Object.create(null) as Record<string, string>; // ids may be `constructor`, `__proto__`
  const take = (ids: readonly string[]) => {
    for (const id of ids) {
      const k = categoryKey(id);
      if (wanted.delete(k)) out[k] = id;
    }
  };
  if (wanted.size) take(await shopCategoryIds(db));
  if (wanted.size && openid) take(await eventCategoryIds(db, openid));
  return out;
}
