/** The outbox as staff see it: newest entries, openids masked (staff need outcomes, not identities). */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { sortedPage } from '../db/sorted-page';
import type { OutboxDoc } from '../dispatch/outbox';
import type { OutboxRow } from '../contracts/admin-replies';

export type { OutboxRow };

/** `oAbc…wxyz` style mask: enough to tell rows apart, not enough to identify anyone. */
export const maskOpenid = (o: string): string =>
  o.length <= 6 ? `${o.slice(0, 1)}***` : `${o.slice(0, 3)}…${o.slice(-3)}`;

/** Up to `limit` newest outbox entries, optionally of one campaign. */
export async function listOutbox(db: Db, opts: { campaignId?: string; limit: number }): Promise<OutboxRow[]> {
  const where = opts.campaignId ? { campaignId: opts.campaignId } : {};
  // Up to 500 asked: filled from as many answers as it takes (a cloud may answer 100 a query).
  const { docs } = await sortedPage(db, COLLECTIONS.outbox, where, { orderBy: ['claimedAt', 'desc'], limit: opts.limit });
  const rows = docs as OutboxDoc[];
  // Staff know a campaign by the name they gave it, not by its id: one read for the page's campaigns.
  const campaigns = await db.findByIds(COLLECTIONS.campaigns, [...new Set(rows.map((d) => d.campaignId))]);
  const nameOf = (id: string): string | null => {
    const name = campaigns.get(id)?.name;
    return typeof name === 'string' ? name : null;
  };
  return rows.map((d) => ({
    id: d._id.replace(d.openid, maskOpenid(d.openid)),
    campaignId: d.campaignId,
    campaignName: nameOf(d.campaignId),
    customer: maskOpenid(d.openid),
    status: d.status,
    group: d.group,
    errorCode: d.errorCode ?? null,
    deliveryCode: d.delivery?.code ?? null,
    reason: d.reason ?? null,
    attempts: d.attempts?.length ?? 0,
    at: d.finishedAt ?? d.claimedAt,
  }));
}
