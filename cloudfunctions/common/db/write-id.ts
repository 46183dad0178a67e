/**
 * The write-id: how {@link Db.insertUnique} tells its own stored insert from another writer's.
 *
 * Why: wx-server-sdk reports CloudBase's duplicate `_id` (DATABASE_DUPLICATE_WRITE) as -501001,
 * the code a request whose answer never came also gets (duplicate-key.ts). After either, the `_id`
 * is read back — and a document that is there may be this very call's insert, stored with its
 * answer lost, or another writer's. So every insertUnique writes a fresh random write-id into its
 * document and, after a duplicate, compares the stored one with its own: equal → ours.
 *
 * The field name: CloudBase allows letters, digits, `_` and `.`, at most 32 characters, not
 * starting with `_`, `/` or `.` (database FAQ, "数据库文档 field 格式有何限制"), so a leading
 * underscore is not available; no product field starts with `qx`. The field is the database
 * layer's own: {@link Db} removes it from every document it answers (find and everything built on
 * it, aggregations), so readers — zod `.strict()` parsers, exports, admin views — never see it,
 * and a caller may not write it itself ({@link ReservedFieldError}).
 */
import crypto from 'node:crypto';
import { DbError } from './duplicate-key';

/** The field insertUnique stores its write-id in (top level of the document). */
export const WRITE_ID_FIELD = 'qxWriteId';

/**
 * The field a primary read writes (`Db.presentOnPrimary`): a fresh random value, so the update
 * that asks always changes the document it finds and counts it under either reading of
 * `stats.updated`; the next update removes it again. Still removed from every answer with the
 * write-id: releases before that removal left it in documents, and so does a call that dies
 * between the two updates.
 */
export const PROBE_FIELD = 'qxReadProbe';

/** A fresh write-id: 96 random bits, so two writers never draw the same one. */
export const newWriteId = (): string => crypto.randomBytes(12).toString('base64url');

/** A document given to the database layer already carries its reserved field. */
export class ReservedFieldError extends DbError {
  override name = 'ReservedFieldError';
  constructor(coll: string) {
    super(`${coll}: '${WRITE_ID_FIELD}' is the database layer's own field; a document may not carry it`);
  }
}

/**
 * An insertUnique whose outcome nobody knows yet: the request failed — with any errCode, since
 * none promises that nothing was stored (duplicate-key.ts) — and either the read-back that would
 * tell failed too, or it found nothing after a timeout-class failure (-501002, -1, -501001), which
 * may still commit later (`readBackError` undefined then). The document may be stored, or stored
 * later, or never; `writeId` is the write-id it was sent with, so the caller can ask later with
 * `Db.isOwnWrite(coll, id, writeId)` (e.g. before giving back what the insert would own) — and an
 * answer "absent" is final only once the write can no longer land (another writer's document
 * holds the `_id`, or longer has passed than any request lives).
 */
export class InsertOutcomeUnknownError extends DbError {
  override name = 'InsertOutcomeUnknownError';
  constructor(
    readonly coll: string,
    readonly id: string,
    readonly writeId: string,
    /** The insert's own failure. */
    insertError: DbError,
    /** Why the read-back failed; undefined when it answered "absent" after a timeout-class failure. */
    readonly readBackError?: unknown,
  ) {
    const why = readBackError === undefined ? 'absent when read back, and a timed-out write may still commit' : 'read-back failed';
    super(`${coll}/${id}: insert outcome unknown (${insertError.message}; ${why})`, insertError.errCode);
  }
}

/** `doc` without the write-id and the read probe (the same object when it has neither: most documents). */
export function withoutWriteId<T extends Record<string, unknown>>(doc: T): T {
  if (!doc || typeof doc !== 'object' || !(WRITE_ID_FIELD in doc || PROBE_FIELD in doc)) return doc;
  const { [WRITE_ID_FIELD]: _gone, [PROBE_FIELD]: _probe, ...rest } = doc;
  return rest as T;
}
