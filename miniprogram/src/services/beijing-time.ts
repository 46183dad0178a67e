/**
 * Every date the app shows is Beijing time (UTC+8), whatever the phone's or browser's time zone:
 * the server describes activity in UTC+8 days, so a date computed in the device's zone would
 * disagree with it around midnight (a consent given at 00:30 Beijing time showed as the day before).
 */
import { beijingClock } from '../../../cloudfunctions/common/beijing-time';

// The server's module (compiled into the app, miniprogram/config compile.include): one offset
// arithmetic for the app and the functions, so a day the app shows is the day the server counted.
export { beijingIsoDay } from '../../../cloudfunctions/common/beijing-time';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The calendar fields of `ms` in Beijing time. */
function fields(ms: number): { y: number; mo: number; d: number; h: number; mi: number } {
  const t = beijingClock(ms);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes() };
}

/** `2026年12月5日`; '' for no time. */
export function beijingDay(ms: number | null | undefined): string {
  if (!ms) return '';
  const f = fields(ms);
  return `${f.y}年${f.mo}月${f.d}日`;
}

/** `12-05 08:00`; '—' for no time. */
export function beijingShortTime(ms: number | null | undefined): string {
  if (!ms) return '—';
  const f = fields(ms);
  return `${pad(f.mo)}-${pad(f.d)} ${pad(f.h)}:${pad(f.mi)}`;
}
