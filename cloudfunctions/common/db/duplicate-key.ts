/**
 * The one place Qunxiang decides "this insert hit an existing `_id`".
 *
 * What the SDK gives (wx-server-sdk 4.0.2, read from its source): a refused database request
 * rejects with `{ errCode, errMsg }`, where errCode comes from the service's code name through
 * TCB_ERR_CODE. A duplicate `_id` has no code of its own: it is DATABASE_REQUEST_FAILED (-502001),
 * like any other refused request, and only the server's free text (`errMsg`) says more. That text
 * is the service's, not a contract — so we never parse it. Instead: errCode -502001 says "the
 * database refused", and one lookup of the batch's `_id`s says which of them exist. A
 * multi-document insert may have stored a prefix before the refused document (MongoDB's ordered
 * insert), so for batches the present ids are reported, and the caller decides (e.g. by a marker
 * it wrote into its own documents) which of them it stored itself.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** wx-server-sdk's errCode for a refused database request (TCB DATABASE_REQUEST_FAILED). */
export const DB_REQUEST_FAILED = -502001;

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
 * Classify a failed insert of `ids`: a database refusal (errCode -502001) after which some of
 * `ids` exist becomes {@link DuplicateKeyError}; anything else {@link DbError}.
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
  if (code !== DB_REQUEST_FAILED || known.length === 0) return new DbError(msg, code);
  const found = await lookup(known);
  if (found.length === 0) return new DbError(msg, code);
  return new DuplicateKeyError(msg, new Map(found.map((d) => [d._id as string | number, d])));
}
