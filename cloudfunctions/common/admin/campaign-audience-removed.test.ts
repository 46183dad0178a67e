/** 预计可发送 and a template WeChat said is gone (40037). Its own file: the estimate's caches live per module. */
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { grantId } from '../dispatch/grants-ledger';
import { clearTemplateFaults, recordTemplateFault } from '../dispatch/template-faults';
import { campaignAudience } from './campaign-audience';

const TPL = 'tpl_price_drop';

it('stops counting the grants of a template WeChat said is gone (40037), and counts them again once staff restore it', async () => {
  const { db } = memoryDb();
  const ids = ['a1', 'a2', 'a3'];
  await db.insert(COLLECTIONS.profiles, ids.map((id) => ({ _id: id, openid: id, rev: 1, d: {}, segment: 1 })));
  await db.insert(COLLECTIONS.consents, ids.map((id) => ({ _id: id, openid: id, version: 1, granted: true, grantedAt: 1, personalization: true, updatedAt: 1 })));
  await db.insert(COLLECTIONS.grants, ids.map((id) => ({ _id: grantId(id, TPL), openid: id, templateId: TPL, available: 1, blocked: false })));
  expect(await campaignAudience(db, [], TPL)).toMatchObject({ reachable: 3, subscribed: 3 });
  await recordTemplateFault(db, 'removed', TPL, 'c1', 1000);
  const gone = await campaignAudience(db, [], TPL);
  expect(gone).toMatchObject({ reachable: 3, subscribed: 0, templateRemoved: { templateId: TPL, since: 1000, lastSeenAt: 1000, campaignId: 'c1' } });
  // Another template's faults leave this one alone; a ban (43107) does not make grants unusable.
  expect(await clearTemplateFaults(db, TPL, ['banned'])).toBe(false);
  expect((await campaignAudience(db, [], TPL)).subscribed).toBe(0);
  expect(await clearTemplateFaults(db, TPL, ['removed'])).toBe(true);
  const back = await campaignAudience(db, [], TPL);
  expect(back).toMatchObject({ subscribed: 3 });
  expect(back.templateRemoved).toBeUndefined();
});
