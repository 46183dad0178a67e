/**
 * Beijing time (UTC+8, no daylight saving) on the server: the merchant's calendar, WeChat's timer
 * zone and the day of every profile bucket, whatever zone the function's container runs in. The
 * app compiles this module too (miniprogram/src/services/beijing-time.ts builds its display
 * formats on it), so a day the app shows is the day the server counted.
 *
 * Why one module: the offset arithmetic was written inline in about fifteen files, each a chance
 * to shift the wrong way around midnight.
 */

/** Beijing time minus UTC, ms. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** One calendar day, ms. */
export const DAY_MS = 86_400_000;

/** A Date whose UTC fields (getUTCFullYear, getUTCHours, …) are the Beijing wall clock at `ms`. */
export function beijingClock(ms: number): Date {
  return new Date(ms + BEIJING_OFFSET_MS);
}

/** Beijing calendar days since 1970-01-01 of a time in ms. */
export function beijingDayIndex(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);
}

/** Start (ms) of Beijing day `index` ({@link beijingDayIndex}). */
export function beijingDayStartOfIndex(index: number): number {
  return index * DAY_MS - BEIJING_OFFSET_MS;
}

/** Start (ms) of the Beijing day `ms` falls in: 00:00 Beijing time. */
export function beijingDayStart(ms: number): number {
  return beijingDayStartOfIndex(beijingDayIndex(ms));
}

/** The next Beijing midnight after `ms` (a time exactly at midnight gets the one a day later). */
export function nextBeijingMidnight(ms: number): number {
  return beijingDayStartOfIndex(beijingDayIndex(ms) + 1);
}

/** `2026-12-05`: the Beijing calendar day of `ms` in ISO form. */
export function beijingIsoDay(ms: number): string {
  return beijingClock(ms).toISOString().slice(0, 10);
}

/** The hour (0–23) of `ms` in Beijing time. */
export function beijingHour(ms: number): number {
  return beijingClock(ms).getUTCHours();
}

/** The time in ms of a Beijing wall-clock time (`month` 1–12). */
export function fromBeijingWallClock(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - BEIJING_OFFSET_MS;
}
