/**
 * How big one database answer may be. CloudBase documents one figure: EXCEED_MAX_RESPONSE_SIZE,
 * "响应大小超过最大响应 1MB 限制", whose own remedies are paging, `field()` projections and moving
 * exports to cloud storage (docs.cloudbase.net/error-code/EXCEED_MAX_RESPONSE_SIZE). WeChat's quota
 * page says 16 MB per database packet, and developers report `data exceed max size` on queries and
 * updates of large documents (WeChat developer community). Which figure a given environment
 * enforces on a database answer is not stated, so the local cloud takes the stricter one: the
 * documents of one `get()` or aggregation answer, as sent, together at most 1 MB (default; option
 * `maxAnswerBytes`). Product code reads with bounded pages that shrink when refused
 * (common/db/wx-db.ts `Db.pages`).
 */
import { TcbError } from '../server/envelope';

/** The documented response limit: 1 MB. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** Options of the answer size. */
export interface AnswerBytesOptions {
  /** Bytes one query or aggregation answer may carry (default {@link MAX_ANSWER_BYTES}). */
  maxAnswerBytes?: number;
}

/** Throws EXCEED_MAX_RESPONSE_SIZE when the encoded documents of one answer pass `max` bytes. */
export function checkAnswerBytes(encoded: readonly string[], max = MAX_ANSWER_BYTES): void {
  let bytes = 0;
  for (const s of encoded) bytes += Buffer.byteLength(s);
  if (bytes > max)
    throw new TcbError(
      'EXCEED_MAX_RESPONSE_SIZE',
      `data exceed max size: the answer of ${encoded.length} documents is ${bytes} bytes, over the ${max} of one response; page smaller or project fewer fields`,
    );
}
