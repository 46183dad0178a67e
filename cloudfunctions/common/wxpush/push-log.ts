/**
 * `subscribe_pushes`: every subscribe-message push item WeChat sent us, one document per item
 * (`_id` = a hash of the item's idempotency key, so a retried push is recorded once). Sent
 * events are the delivery records campaign results count: `msgId` → `errorCode` (0 = delivered).
 */
import crypto from 'node:crypto';
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';

/** One recorded push item. */
export interface PushRecord {
  _id: string;
  key: string;
  event: 'popup' | 'change' | 'sent';
  openid: string;
  templateId: string;
  /** accept / reject (popup, change). */
  status?: 'accept' | 'reject';
  popupScene?: number;
  /** Sent events: WeChat's message id and delivery result. */
  msgId?: string;
  errorCode?: number;
  errorStatus?: string;
  /** What the ledger did with it (popup/change). */
  ledger?: string;
  createTime: number;
  receivedAt: number;
}

/** `_id` of the record of `key` (keys can be long; ids stay 32 hex chars). */
export const pushRecordId = (key: string): string => crypto.createHash('sha256').update(key).digest('hex').slice(0, 32);

/** `_id` of the delivery record of WeChat message `msgId`. */
export const deliveryRecordId = (msgId: string): string => pushRecordId(`sent:${msgId}`);

/** Records one item; false when it was recorded before (a retry). */
export function recordPush(db: Db, rec: Omit<PushRecord, '_id'>): Promise<boolean> {
  return db.insertUnique(COLLECTIONS.subscribePushes, { _id: pushRecordId(rec.key), ...rec });
}

/** Delivery records of `msgIds`, keyed by msgId. */
export async function deliveriesOf(db: Db, msgIds: string[]): Promise<Map<string, PushRecord>> {
  const docs = await db.findByIds(COLLECTIONS.subscribePushes, msgIds.map(deliveryRecordId));
  const out = new Map<string, PushRecord>();
  for (const d of docs.values()) out.set(String(d.msgId), d as unknown as PushRecord);
  return out;
}

/** Writes WeChat's delivery result onto the outbox entry of `msgId`, if it is known yet. */
export async function markDelivery(db: Db, msgId: string, code: number, status: string, at: number): Promise<void> {
  await db.updateWhere(COLLECTIONS.outbox, { msgId }, { delivery: { code, status, at: at * 1000, record: deliveryRecordId(msgId) } });
}
