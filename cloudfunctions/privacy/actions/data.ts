/**
 * Data subject rights (PIPL art. 45 access/copy, art. 47 deletion): export everything we hold
 * about the caller as JSON, or delete it while keeping the consent choice.
 */
import { COLLECTIONS } from '../../common/contracts/collections';
import type { Doc } from '../../common/db/wx-db';
import type { PrivacyDeps } from '../deps';
import { eraseCustomerData, type EraseCounts } from '../../common/consent/erase-customer';
import { EXPORT_READING_NOTE, STORE_NOTICES, type StoreNotice } from '../../common/contracts/privacy-notices';
import { exportParts } from '../export-pages';
import { namesInTodaysWords } from '../../common/segments/display-name';
import { withShownNames } from '../../common/segments/customer-wording';
import { hashedCategoryIds } from '../../common/catalog/category-keys';
import { customerCategoryNames } from '../../common/catalog/category-names';
import { hashedCategoryKeysOf } from '../../common/profile/bucket-keys';
import { profileCategoryIds, readableProfile } from '../readable-profile';

/**
 * Bytes of JSON one export answer aims to stay under: CloudBase refuses a function's answer over
 * 1 MB (EXCEED_MAX_RESPONSE_SIZE), so pages end early, well before that.
 */
export const EXPORT_ANSWER_BYTES = 512 * 1024;

/** One page of the export (≤ {@link EXPORT_ANSWER_BYTES}). Call again with `cursor = nextCursor` until it is null. */
export interface DataExport {
  exportedAt: number;
  openid: string;
  consent: Doc | null;
  /** First page only: the profile, its day buckets keyed by category and session ids (readable-profile.ts). */
  profile: Doc | null;
  /** First page only: the shop's name of each category the profile lists (id → name; 已下架类目 for ids no product carries). */
  categoryNames: Record<string, string>;
  /** Each part continues over pages (export-pages.ts): join every page's arrays by key. */
  grants: Doc[];
  orders: Doc[];
  outbox: Doc[];
  segmentHistory: Doc[];
  deadLetters: Doc[];
  /** WeChat's subscribe-message pushes about the caller (grant popups, changes, delivery results). */
  subscribePushes: Doc[];
  /** First page only (else null): how to read the export — pages read one after another, not one snapshot. */
  readme: string | null;
  /** First page only: what the rows cannot show — stores holding copies, and what a deletion keeps and why. */
  notices: readonly StoreNotice[];
  events: Doc[];
  nextCursor: string | null;
}

/** The caller's profile with readable bucket keys, hashed category keys resolved (catalog/category-keys.ts). */
async function readProfile(d: PrivacyDeps): Promise<Doc | null> {
  const stored = await d.db.getById(COLLECTIONS.profiles, d.openid);
  return readableProfile(stored, await hashedCategoryIds(d.db, hashedCategoryKeysOf(stored?.d), d.openid));
}

export async function exportMyData(d: PrivacyDeps, input: { cursor?: string }): Promise<DataExport> {
  const { db, openid } = d;
  const first = !input.cursor;
  const profile = first ? await readProfile(d) : null;
  const head = {
    exportedAt: d.now(),
    openid,
    consent: first ? await db.getById(COLLECTIONS.consents, openid) : null,
    profile,
    categoryNames: profile ? await customerCategoryNames(db, profileCategoryIds(profile)) : {},
    readme: first ? EXPORT_READING_NOTE : null,
    notices: first ? STORE_NOTICES : [],
  };
  const { parts, nextCursor } = await exportParts(db, openid, input.cursor, EXPORT_ANSWER_BYTES - Buffer.byteLength(JSON.stringify(head)));
  // Segment names as the product says them today (a pass before a rename stored the old one), each
  // with the name 我的 gives that group (staff's name alone read as a group she was never told of).
  const segmentHistory = parts.segmentHistory.map((h) =>
    withShownNames(namesInTodaysWords(h, ['fromName', 'toName']), [['fromName', 'fromNameShown'], ['toName', 'toNameShown']]),
  );
  return { ...head, ...parts, segmentHistory, nextCursor };
}

export async function deleteMyData(d: PrivacyDeps): Promise<{ deleted: EraseCounts; consentKept: true }> {
  return { deleted: await eraseCustomerData(d), consentKept: true };
}
