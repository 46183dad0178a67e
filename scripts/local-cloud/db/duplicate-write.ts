/** The duplicate-`_id` error of the local cloud's database, as CloudBase words it. */
import type { DocId } from '../store/lmdb-store';
import { TcbError } from '../server/envelope';

/**
 * Raised for a duplicate `_id` (MongoDB E11000), with the code CloudBase documents for it:
 * DATABASE_DUPLICATE_WRITE ("Database write failed, index key duplicate, for example inserting
 * data with same _id", docs.cloudbase.net error-code page). wx-server-sdk 4.0.2's table lacks that
 * code, so the SDK surfaces it as errCode -501001 (SYS_ERR, "resource system error") with this text
 * in errMsg - as it will in production. For a refused document inside a multi-document ordered
 * insert, the text also says, in the terms of MongoDB's BulkWriteError, which index failed and how
 * many documents before it were stored.
 */
export function duplicateKey(coll: string, id: DocId, bulk?: { index: number; inserted: number }): TcbError {
  const base = `[DuplicateWrite] E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`;
  return new TcbError(
    'DATABASE_DUPLICATE_WRITE',
    bulk ? `${base}; writeErrors: [{ index: ${bulk.index}, code: 11000 }], nInserted: ${bulk.inserted}` : base,
  );
}
