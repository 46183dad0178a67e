/**
 * Bytes one database WRITE request (`add`, `update`, `updateAndReturn`, inside a transaction or
 * not) may carry. WeChat's quota page gives 16 MB per database packet ("Database traffic: 16 MB in
 * each packet output"); a 2025 developer summary of the cloud database's limits states 5 MB per
 * `add`/`update` from a cloud function (512 KB from a mini program), citing nothing, and no
 * CloudBase page we found confirms or denies it. The stricter reading is the default, '5mb'
 * (`QX_DB_WRITE_LIMIT`, engine and full-cloud option `writeLimit`); '16mb' is the quota page's
 * packet, which the server's body limit enforces anyway. Measured in session 19: the product's
 * largest write request was 175 KB (an insert), its largest update 9 KB, over 20,856 requests of
 * eight integration suites (scripts/local-cloud/README.md, the per-call limits audit). The unit
 * tests' memory SDK runs this same check on the body the SDK would send
 * (cloudfunctions/common/db/testing/write-request.ts; test/integration/write-limit-parity.test.ts).
 */
import { envChoice } from '../../../cloudfunctions/common/db/env-choice';
import { TcbError } from '../server/envelope';

/** See the module comment. */
export type WriteLimit = '5mb' | '16mb';

/** Options that choose the limit (the engine's extend this). */
export interface WriteLimitOptions {
  /** Default: `QX_DB_WRITE_LIMIT`, else '5mb'. */
  writeLimit?: WriteLimit;
}

/** The limit `opts` asks for, else `QX_DB_WRITE_LIMIT`, else '5mb'; anything else is refused. */
export const writeLimitOf = (opts: WriteLimitOptions = {}): WriteLimit => envChoice('QX_DB_WRITE_LIMIT', ['5mb', '16mb'], opts.writeLimit, '5mb');

/** Bytes of each reading. */
export const WRITE_LIMIT_BYTES: Readonly<Record<WriteLimit, number>> = { '5mb': 5 * 1024 * 1024, '16mb': 16 * 1024 * 1024 };

/**
 * Refuses a write request whose body (as JSON, the form it came in) passes `limit`, with the code
 * CloudBase gives an oversized request (EXCEED_MAX_PAYLOAD_SIZE; wx-server-sdk does not know it,
 * so a function sees -501001 and the message).
 */
export function checkWriteBytes(body: unknown, limit: WriteLimit): void {
  const bytes = Buffer.byteLength(JSON.stringify(body));
  if (bytes > WRITE_LIMIT_BYTES[limit])
    throw new TcbError('EXCEED_MAX_PAYLOAD_SIZE', `a database write of ${bytes} bytes exceeds the ${limit.toUpperCase()} one request may carry`);
}
