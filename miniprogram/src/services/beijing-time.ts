/**
 * Every date the app shows is Beijing time (UTC+8), whatever the phone's or browser's time zone:
 * the server describes activity in UTC+8 days, so a date computed in the device's zone would
 * disagree with it around midnight (a consent given at 00:30 Beijing time showed as the day before).
 */
const OFFSET_MS = 8 * 3_600_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** The calendar fields of `ms` in Beijing time. */
function fields(ms: number): { y: number; mo: number; d: number; h: number; mi: number } {
  const t = new Date(ms + OFFSET_MS);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes() };
}

/** `2026年12月5日`; '' for no time. */
export function beijingDay(ms: number | null | undefined): string {
  if (!ms) return '';
  const f = fields(ms);
  return `${f.y}年${f.mo}月${f.d}日`;
}

/** `2026-12-05`: the Beijing calendar day of `ms` in ISO form (what date fields hold). */
export function beijingIsoDay(ms: number): string {
  const f = fields(ms);
  return `${f.y}-${pad(f.mo)}-${pad(f.d)}`;
}

/** `12-05 08:00`; '—' for no time. */
export function beijingShortTime(ms: number | null | undefined): string {
  if (!ms) return '—';
  const f = fields(ms);
  return `${pad(f.mo)}-${pad(f.d)} ${pad(f.h)}:${pad(f.mi)}`;
}
