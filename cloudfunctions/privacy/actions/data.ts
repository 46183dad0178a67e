/**
 * Data subject rights (PIPL art. 45 access/copy, art. 47 deletion): export everything we hold
 * about the caller as JSON, or delete it while keeping the consent choice.
 */
import { COLLECTIONS } from '../../common/contracts/collections';
import type { Doc } from '../../common/db/wx-db';
import type { PrivacyDeps } from '../deps';
import { eraseCustomerData, type EraseCounts } from '../../common/consent/erase-customer';
import { STORE_NOTICES, type StoreNotice } from '../../common/contracts/privacy-notices';

/** Events read per export page (the cloud's server-side page cap). */
export const EXPORT_PAGE = 1000;
/**
 * Bytes of JSON one export answer aims to stay under: CloudBase refuses a function's answer over
 * 1 MB (EXCEED_MAX_RESPONSE_SIZE), so pages of long reviews end early, well before that.
 */
export const EXPORT_ANSWER_BYTES = 512 * 1024;

const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

/** The longest prefix of `events` (at least one) that fits `budget` bytes of JSON. */
function fitting(events: Doc[], budget: number): Doc[] {
  let used = 0;
  for (let i = 0; i < events.length; i++) {
    used += jsonBytes(events[i]) + 1;
    if (used > budget && i > 0) return events.slice(0, i);
  }
  return events;
}

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
  // keysetPage: one database answer is capped at 1 MB too (long reviews): it asks in halves.
  const { docs: read, last } = await db.keysetPage(COLLECTIONS.events, { openid }, { after: input.cursor || undefined, limit: EXPORT_PAGE });
  const first = !input.cursor;
  const head = {
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
  };
  const events = fitting(read, EXPORT_ANSWER_BYTES - jsonBytes(head));
  const more = events.length < read.length || !last;
  return { ...head, events, nextCursor: more && events.length ? (events[events.length - 1]._id as string) : null };
}

export async function deleteMyData(d: PrivacyDeps): Promise<{ deleted: EraseCounts; consentKept: true }> {
  return { deleted: await eraseCustomerData(d), consentKept: true };
}
