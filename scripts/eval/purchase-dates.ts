/**
 * Calendar dates as they appear in shops' purchase exports, turned into day numbers (days since
 * 1970-01-01 of the written calendar date; the time of day is dropped because the unit of a
 * purchase is the customer-day). Accepted: `YYYY-MM-DD`, `YYYY-MM-DD hh:mm[:ss]` (also with `T`),
 * `M/D/YYYY[ h:mm[:ss]][ AM|PM]` (US order, as spreadsheets write it) and `YYYYMMDD` (the CDNOW
 * file's original format). A time zone suffix is refused: the shop's calendar day is what is written.
 */

/** Thrown for a date none of the accepted formats reads, or a calendar date that does not exist. */
export class PurchaseDateError extends Error {
  override name = 'PurchaseDateError';
  constructor(readonly text: string) {
    // A first number over 12 in a slashed date: the file writes the day first, which is not guessed.
    const dayFirst = /^\s*(\d{1,2})\/(\d{1,2})\/\d{4}/.exec(text);
    const hint =
      dayFirst && Number(dayFirst[1]) > 12 && Number(dayFirst[2]) <= 12
        ? '; day-first D/M/YYYY is not read: 1/2/2011 would be ambiguous'
        : '';
    super(
      `unreadable date ${JSON.stringify(text)} (accepted: YYYY-MM-DD, YYYY-MM-DD hh:mm[:ss], M/D/YYYY[ h:mm[:ss]][ AM|PM], YYYYMMDD${hint})`,
    );
  }
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_MS = 86_400_000;

/** Day number of a valid calendar date, or throws; also checks a time of day when given. */
function dayOf(
  text: string,
  y: number,
  m: number,
  d: number,
  hh?: string,
  mm?: string,
  ss?: string,
  ampm?: string,
): number {
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  const hourOk = ampm === undefined ? Number(hh) < 24 : Number(hh) >= 1 && Number(hh) <= 12;
  const timeOk = hh === undefined || (hourOk && Number(mm) < 60 && (ss === undefined || Number(ss) < 60));
  if (
    m < 1 ||
    m > 12 ||
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== m - 1 ||
    back.getUTCDate() !== d ||
    !timeOk
  )
    throw new PurchaseDateError(text);
  return ms / DAY_MS;
}

/** Parses one date cell (surrounding spaces ignored) into a day number. */
export function parsePurchaseDay(raw: string): number {
  const text = raw.trim();
  let g = ISO.exec(text);
  if (g) return dayOf(raw, Number(g[1]), Number(g[2]), Number(g[3]), g[4], g[5], g[6]);
  g = US.exec(text);
  if (g) return dayOf(raw, Number(g[3]), Number(g[1]), Number(g[2]), g[4], g[5], g[6], g[7]);
  g = COMPACT.exec(text);
  if (g) return dayOf(raw, Number(g[1]), Number(g[2]), Number(g[3]));
  throw new PurchaseDateError(raw);
}

export { formatDay } from '../../cloudfunctions/common/value/history';
