import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import type { Db } from '../db/wx-db';
import { consumeGrant, grantId } from '../dispatch/grants-ledger';
import { campaignAudience } from './campaign-audience';

const TPL = 'tpl_price_drop';

it('预计可发送 per click reads only the grants written since the last estimate, and follows them', async () => {
  const { db } = memoryDb();
  const ids = Array.from({ length: 2500 }, (_, i) => `u${String(i).padStart(4, '0')}`);
  await db.insert(COLLECTIONS.profiles, ids.map((id) => ({ _id: id, openid: id, rev: 1, d: {}, segment: 1 })));
  await db.insert(COLLECTIONS.consents, ids.map((id) => ({ _id: id, openid: id, version: 1, granted: true, grantedAt: 1, personalization: true, updatedAt: 1 })));
  await db.insert(
    COLLECTIONS.grants,
    ids.map((id) => ({ _id: grantId(id, TPL), openid: id, templateId: TPL, available: 1, blocked: false })),
  );
  let grantReads = 0;
  const spy = Object.create(db) as Db;
  spy.find = async (coll, where, o) => {
    if (coll === COLLECTIONS.grants) grantReads++;
    return db.find(coll, where, o);
  };
  expect(await campaignAudience(spy, [], TPL)).toMatchObject({ targeted: 2500, reachable: 2500, subscribed: 2500 });
  const afterFirst = grantReads;
  expect(afterFirst).toBeGreaterThanOrEqual(3); // the first estimate of a container walks them (pages of ≤ 1,000)
  expect(await campaignAudience(spy, [1], TPL)).toMatchObject({ subscribed: 2500 });
  expect(grantReads - afterFirst).toBe(1); // the old estimate walked all 2,500 again, per click
  expect(await consumeGrant(db, 'u0007', TPL)).toBe(true);
  expect(await campaignAudience(spy, [1], TPL)).toMatchObject({ subscribed: 2499 });
});
