/**
 * Everything one page of candidates needs, fetched in a few batched queries (not one per
 * customer): consents, grants for the template, existing outbox entries, recent sends for the cap.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { ConsentLike } from '../campaign/targeting';
import type { Db } from '../db/wx-db';
import { grantId } from './grants-ledger';
import { outboxId } from './outbox';

/** Per-openid facts of one page. */
export interface PageFacts {
  consent: Map<string, ConsentLike>;
  grants: Map<string, number>;
  decided: Set<string>;
  recentSends: Map<string, number>;
}

/** Loads the facts of `openids` for `campaignId`/`templateId`; sends since `capSince` count. */
export async function lookupPage(
  db: Db,
  openids: string[],
  campaignId: string,
  templateId: string,
  capSince: number,
): Promise<PageFacts> {
  const _ = db._;
  const [consents, grants, outbox] = await Promise.all([
    db.findByIds(COLLECTIONS.consents, openids),
    db.findByIds(
      COLLECTIONS.grants,
      openids.map((o) => grantId(o, templateId)),
    ),
    db.findByIds(
      COLLECTIONS.outbox,
      openids.map((o) => outboxId(campaignId, o)),
    ),
  ]);
  const recentSends = new Map<string, number>();
  for (let i = 0; i < openids.length; i += 100) {
    // All of them: a single page could cut the count (and let a capped customer through).
    const sent = await db.findAll(
      COLLECTIONS.outbox,
      { openid: _.in(openids.slice(i, i + 100)), status: 'sent', sentAt: _.gt(capSince) },
      { fields: { openid: true } },
    );
    for (const d of sent) recentSends.set(String(d.openid), (recentSends.get(String(d.openid)) ?? 0) + 1);
  }
  const grantsBy = new Map<string, number>();
  for (const g of grants.values()) grantsBy.set(String(g.openid), Number(g.available ?? 0));
  return {
    consent: new Map([...consents].map(([k, v]) => [k, v as ConsentLike])),
    grants: grantsBy,
    decided: new Set([...outbox.values()].map((d) => String(d.openid))),
    recentSends,
  };
}
