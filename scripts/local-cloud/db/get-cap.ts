/**
 * How many documents one query `get()` answers inside a cloud function. WeChat's documentation
 * disagrees with itself: the current reference says "limit 在云函数端默认及最大上限为 1000", the older
 * guide and developers' measurements (2019–2021) say default AND maximum 100 (a `limit(1000)`
 * answered 100). The local cloud takes the stricter reading by default: at most 100 documents
 * whatever limit is asked, so a plain `find` that needs more than 100 documents from one answer
 * fails here as it would there. `getCap: 1000` (`QX_GET_CAP=1000`) is the reference's reading.
 * Product code is correct under both: every read that may want more than 100 documents pages
 * (`Db.keysetPage`, `Db.findByIds`, `sortedPage`) and a short answer ends a walk only when it is
 * surely the last (`isLastPage`). The in-process handle (emulator internals, tests' own reads)
 * keeps the engine's 1000.
 */

/** The two readings: the older guide's and developers' 100, the current reference's 1000. */
export const GET_CAPS = [100, 1000] as const;

/** See the module comment. */
export type GetCap = (typeof GET_CAPS)[number];

/** Options that choose the cap (the engine's extend this). */
export interface GetCapOptions {
  /** Default: `QX_GET_CAP`, else 100. */
  getCap?: GetCap;
}

/** The cap `opts` asks for, else `QX_GET_CAP`, else 100; anything else is refused. */
export function getCapOf(opts: GetCapOptions = {}): GetCap {
  const raw = opts.getCap ?? (process.env.QX_GET_CAP ? Number(process.env.QX_GET_CAP) : 100);
  if (!(GET_CAPS as readonly number[]).includes(raw)) throw new Error(`QX_GET_CAP must be 100 or 1000, not ${JSON.stringify(opts.getCap ?? process.env.QX_GET_CAP)}`);
  return raw as GetCap;
}

/** The documents a query answers when it asks for `asked` (0 or absent: none given, the cap). */
export const answeredLimit = (asked: number | undefined, cap: GetCap): number => Math.min(asked && asked > 0 ? asked : cap, cap);
