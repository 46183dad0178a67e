/**
 * The one place Qunxiang decides "this insert hit an existing `_id`".
 *
 * What the SDK gives (wx-server-sdk 4.0.2, read from its source): a refused database request
 * rejects with `{ errCode, errMsg }`, where errCode comes from the service's code name through
 * TCB_ERR_CODE, and a code the table lacks becomes SYS_ERR (-501001). CloudBase documents its own
 * code for a duplicate `_id`, DATABASE_DUPLICATE_WRITE, which that table lacks: in production a
 * duplicate arrives as -501001, like an outage or a lost answer (request timeout), and only the
 * server's free text (`errMsg`) says more. That text is the service's, not a contract — so we
 * never parse it. Instead: errCode -502001 (DATABASE_REQUEST_FAILED, a refusal) or -501001 says
 * "the insert may have been refused", and one lookup of the batch's `_id`s says which of them
 * exist (nothing present: the failure is thrown as it came). A
 * multi-document insert may have stored a prefix before the refused document (MongoDB's ordered
 * insert), so for batches the present ids are reported, and the caller decides (e.g. by a marker
 * it wrote into its own documents) which of them it stored itself.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** wx-server-sdk's errCode for a refused database request (TCB DATABASE_REQUEST_FAILED). */
export const DB_REQUEST_FAILED = -502001;
/**
 * wx-server-sdk's errCode for a service code its table lacks (SYS_ERR) — CloudBase's
 * DATABASE_DUPLICATE_WRITE among them — and for a request whose answer never came.
 */
export const DB_SYS_ERR = -501001;
/** Failures after which an insert's `_id`s are looked up. */
const MAYBE_DUPLICATE = [DB_REQUEST_FAILED, DB_SYS_ERR];

/** Raised for any database failure other than a duplicate `_id`, with the SDK's message. */
export class DbError extends Error {
  override name = 'DbError';
  constructor(
    message: string,
    /** The SDK's errCode, when it gave one. */
    readonly errCode?: number,
  ) {
    super(message);
  }
}

/**
 * Raised when the database refused an insert and afterwards some of the batch's `_id`s exist.
 * For a one-document insert that means the `_id` was taken. For a batch, `present` holds the
 * stored documents of the batch's ids: those stored before (true duplicates) and — when the cloud
 * inserts in order up to the first error — those this very call stored before the refused one.
 */
export class DuplicateKeyError extends Error {
  override name = 'DuplicateKeyError';
  constructor(
    message: string,
    /** `_id` → the stored document (as read after the refusal). */
    readonly present: ReadonlyMap<string | number, Record<string, any>> = new Map(),
  ) {
    super(message);
  }
}

/** The SDK's errCode of `err`, if any. */
export function sdkErrCode(err: unknown): number | undefined {
  const c = (err as { errCode?: unknown } | null)?.errCode;
  return typeof c === 'number' ? c : undefined;
}

/** The SDK's message of `err`. */
export function sdkMessage(err: unknown): string {
  return String((err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? err);
}

/**
 * Classify a failed insert of `ids`: a failure with errCode -502001 or -501001 after which some
 * of `ids` exist becomes {@link DuplicateKeyError}; anything else {@link DbError}.
 * `lookup` reads the stored documents among `ids` (called only on a refusal).
 */
export async function classifyInsertFailure(
  err: unknown,
  ids: Array<string | number | undefined>,
  lookup: (ids: Array<string | number>) => Promise<Array<Record<string, any>>>,
): Promise<Error> {
  const code = sdkErrCode(err);
  const msg = sdkMessage(err);
  const known = ids.filter((id): id is string | number => id !== undefined);
  if (code === undefined || !MAYBE_DUPLICATE.includes(code) || known.length === 0) return new DbError(msg, code);
  const found = await lookup(known);
  if (found.length === 0) return new DbError(msg, code);
  return new DuplicateKeyError(msg, new Map(found.map((d) => [d._id as string | number, d])));
}
