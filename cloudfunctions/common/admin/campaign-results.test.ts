import type { Db } from '../db/wx-db';
import type { OutboxDoc } from '../dispatch/outbox';
import { campaignResults } from './campaign-results';

it('computes the results of a campaign with 250,000 customers (no argument spread over every send)', async () => {
  const now = Date.now();
  const rows = Array.from({ length: 250_000 }, (_, i) => ({
    _id: `c1:u${i}`,
    campaignId: 'c1',
    openid: `u${i}`,
    group: 'holdout',
    status: 'skipped',
    claimedAt: now - 1000 - i,
  })) as unknown as OutboxDoc[];
  const campaign = { _id: 'c1', name: 'x', status: 'done', conversionWindowHours: 72 };
  const db = {
    _: { in: (v: unknown) => v, gte: (v: unknown) => v },
    getById: async () => campaign,
    findAll: async (coll: string) => (coll === 'outbox' ? rows : []),
    findByIds: async () => new Map(),
  } as unknown as Db;
  const r = await campaignResults(db, 'c1');
  expect(r).toMatchObject({ claimed: 250_000, holdout: 250_000, sent: 0, conversions: { treatment: 0, holdout: 0 } });
});
