import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { listOutbox } from './outbox-list';

const row = (campaignId: string, openid: string, claimedAt: number) => ({
  _id: `${campaignId}:${openid}`,
  campaignId,
  openid,
  templateId: 'tpl_price_drop',
  group: 'treatment',
  status: 'sent',
  runOwner: 'r1',
  claimedAt,
});

describe('the outbox as staff see it', () => {
  it('names each row by its campaign (发送记录 showed the raw id cmp_…), and masks the customer', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.campaigns, [{ _id: 'cmp_a1', name: '冬季降价提醒' }]);
    await db.insert(COLLECTIONS.outbox, [row('cmp_a1', 'oCustomerOne', 2), row('cmp_gone', 'oCustomerTwo', 1)]);
    const rows = await listOutbox(db, { limit: 10 });
    expect(rows.map((r) => [r.campaignId, r.campaignName, r.customer])).toEqual([
      ['cmp_a1', '冬季降价提醒', 'oCu…One'],
      ['cmp_gone', null, 'oCu…Two'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('oCustomer');
  });
});
