/**
 * Calendar days in China Standard Time (UTC+8, no DST): windows and buckets follow the merchant's
 * calendar, not the server's time zone.
 */
import { beijingDayIndex, DAY_MS } from '../beijing-time';

export { DAY_MS };

/** Days since 1970-01-01 (UTC+8) of a time in ms. */
export const dayIndex = beijingDayIndex;

const keyCache = new Map<number, string>();

/** Bucket key `dYYYYMMDD` of a day index (prefixed so no path segment is numeric). */
export function dayKeyOfIndex(idx: number): string {
  let k = keyCache.get(idx);
  if (k === undefined) {
    const d = new Date(idx * DAY_MS);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const dd = d.getUTCDate();
    k = `d${y}${m < 10 ? '0' : ''}${m}${dd < 10 ? '0' : ''}${dd}`;
    if (keyCache.size > 50_000) keyCache.clear();
    keyCache.set(idx, k);
  }
  return k;
}

/** Bucket key of a time in ms. */
export function dayKey(ts: number): string {
  return dayKeyOfIndex(dayIndex(ts));
}

const indexCache = new Map<string, number>();

/**
 * Day index of a bucket key `dYYYYMMDD`; NaN for anything else. Memoised: every feature
 * computation parses every bucket key of a profile, and a shop's keys span a few thousand days.
 */
export function dayIndexOfKey(key: string): number {
  let idx = indexCache.get(key);
  if (idx === undefined) {
    idx = /^d\d{8}$/.test(key)
      ? Math.round(Date.UTC(+key.slice(1, 5), +key.slice(5, 7) - 1, +key.slice(7, 9)) / DAY_MS)
      : NaN;
    if (indexCache.size > 50_000) indexCache.clear();
    indexCache.set(key, idx);
  }
  return idx;
}
