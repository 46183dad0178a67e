/**
 * Data subject rights (PIPL art. 45 access/copy, art. 47 deletion): export everything we hold
 * about the caller as JSON, or delete it while keeping the consent choice.
 */
import { COLLECTIONS } from '../../common/contracts/collections';
import type { Doc } from '../../common/db/wx-db';
import type { PrivacyDeps } from '../deps';
import { eraseCustomerData, type EraseCounts } from '../erase';
import { STORE_NOTICES, type StoreNotice } from '../notices';

/** Events per export page (the function reply must stay well under WeChat's size cap). */
export const EXPORT_PAGE = 1000;

/** One page of the export. Call again with `cursor = nextCursor` until it is null. */
export interface DataExport {
  exportedAt: number;
  openid: string;
  consent: Doc | null;
  profile: Doc | null;
  /** first page only, each COMPLETE (read by `_id` keyset: a single page held an arbitrary 1,000): */
  grants: Doc[];
  orders: Doc[];
  outbox: Doc[];
  segmentHistory: Doc[];
  deadLetters: Doc[];
  /** WeChat's subscribe-message pushes about the caller (grant popups, changes, delivery results). */
  subscribePushes: Doc[];
  /** First page only: what the rows cannot show — stores holding copies, and what a deletion keeps and why. */
  notices: readonly StoreNotice[];
  events: Doc[];
  nextCursor: string | null;
}

export async function exportMyData(d: PrivacyDeps, input: { cursor?: string }): Promise<DataExport> {
  const { db, openid } = d;
  const where: Doc = { openid };
  if (input.cursor) where._id = db._.gt(input.cursor);
  const events = await db.find(COLLECTIONS.events, where, { orderBy: ['_id', 'asc'], limit: EXPORT_PAGE });
  const first = !input.cursor;
  return {
    exportedAt: d.now(),
    openid,
    consent: first ? await db.getById(COLLECTIONS.consents, openid) : null,
    profile: first ? await db.getById(COLLECTIONS.profiles, openid) : null,
    grants: first ? await db.findAll(COLLECTIONS.grants, { openid }) : [],
    orders: first ? await db.findAll(COLLECTIONS.orders, { openid }) : [],
    outbox: first ? await db.findAll(COLLECTIONS.outbox, { openid }) : [],
    segmentHistory: first ? await db.findAll(COLLECTIONS.segmentHistory, { openid }) : [],
    deadLetters: first ? await db.findAll(COLLECTIONS.deadLetters, { openid }) : [],
    subscribePushes: first ? await db.findAll(COLLECTIONS.subscribePushes, { openid }) : [],
    notices: first ? STORE_NOTICES : [],
    events,
    nextCursor: events.length === EXPORT_PAGE ? (events[events.length - 1]._id as string) : null,
  };
}

export async function deleteMyData(d: PrivacyDeps): Promise<{ deleted: EraseCounts; consentKept: true }> {
  return { deleted: await eraseCustomerData(d), consentKept: true };
}
