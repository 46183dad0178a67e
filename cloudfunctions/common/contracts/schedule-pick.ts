/**
 * A campaign's schedule as staff pick it — 每天 / 每周几 / 每月几号 at HH:mm, or 一次性 on a date —
 * and the 7-field cron (second minute hour day month weekday year, Beijing time) the server
 * already validates and runs (campaign/schedule.ts, croner). Pure and without croner, so the
 * editor and the campaign list (mini program) and the timing text (server) share it: a cron the
 * picker cannot show stays as it is (the editor's 高级 field) and is described as such.
 */
import { fromBeijingWallClock } from '../beijing-time';

/** A schedule the picker can show. `time` is `HH:mm`, Beijing time. */
export type SchedulePick =
  | { every: 'day'; time: string }
  /** `days`: 1 = 周一 … 7 = 周日, ascending, at least one. */
  | { every: 'week'; days: number[]; time: string }
  /** `day`: 1–31 (a month without that date is skipped, as cron does). */
  | { every: 'month'; day: number; time: string }
  /** `date`: `YYYY-MM-DD`; fires once. */
  | { every: 'once'; date: string; time: string };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAY_NAMES = ['', '一', '二', '三', '四', '五', '六', '日'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Whether `YYYY-MM-DD` names a real calendar day. */
function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Why `pick` cannot be saved (in staff's words), or null. `now` judges a one-off in the past. */
export function pickProblem(pick: SchedulePick, now: number): string | null {
  if (!TIME.test(pick.time)) return '时间格式应为 HH:mm，如 10:00';
  if (pick.every === 'week' && pick.days.length === 0) return '请至少选择一天';
  if (pick.every === 'month' && !(Number.isInteger(pick.day) && pick.day >= 1 && pick.day <= 31)) return '日期应为 1–31 号';
  if (pick.every === 'once') {
    const m = DATE.exec(pick.date);
    if (!m || !realDate(+m[1], +m[2], +m[3])) return '日期格式应为 年-月-日，如 2026-12-24';
    const [h, min] = pick.time.split(':').map(Number);
    const at = fromBeijingWallClock(+m[1], +m[2], +m[3], h, min);
    if (at <= now) return '这个时间已经过去了，请选一个以后的时间';
  }
  return null;
}

/** The 7-field cron of `pick` (Sunday is written 0, as croner and most crons read it). */
export function pickToCron(pick: SchedulePick): string {
  const [h, m] = pick.time.split(':').map(Number);
  const at = `0 ${m} ${h}`;
  switch (pick.every) {
    case 'day':
      return `${at} * * * *`;
    case 'week':
      return `${at} * * ${[...new Set(pick.days.map((d) => d % 7))].sort((a, b) => a - b).join(',')} *`;
    case 'month':
      return `${at} ${pick.day} * * *`;
    case 'once': {
      const [y, mo, d] = pick.date.split('-').map(Number);
      return `${at} ${d} ${mo} * ${y}`;
    }
  }
}

const int = (s: string, min: number, max: number): number | null =>
  /^\d{1,2}$/.test(s) && +s >= min && +s <= max ? +s : null;

/** Weekdays of a cron weekday field of numbers and ranges (0 and 7 are Sunday), as 1–7; else null. */
function weekdays(field: string): number[] | null {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const r = /^(\d)(?:-(\d))?$/.exec(part);
    if (!r) return null;
    const a = +r[1];
    const b = r[2] === undefined ? a : +r[2];
    if (a > 7 || b > 7 || a > b) return null;
    for (let d = a; d <= b; d++) out.add(d === 0 ? 7 : d);
  }
  return [...out].sort((x, y) => x - y);
}

/**
 * The pick a cron stands for, or null when the picker cannot show it (seconds other than 0, steps,
 * several hours, a day of the month and a weekday together, `?`, …): the editor keeps such a cron in
 * its 高级 field unchanged.
 */
export function cronToPick(expr: string): SchedulePick | null {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 7 || f[0] !== '0') return null;
  const m = int(f[1], 0, 59);
  const h = int(f[2], 0, 23);
  if (m === null || h === null) return null;
  const time = `${pad(h)}:${pad(m)}`;
  const [day, month, wd, year] = f.slice(3);
  // Only `*`: croner (the backend's reading) fills a `?` with the value of the moment it parses,
  // so `?` is not "any" there.
  const any = (s: string): boolean => s === '*';
  if (any(day) && month === '*' && any(wd) && year === '*') return { every: 'day', time };
  if (any(day) && month === '*' && year === '*') {
    const days = weekdays(wd);
    return days ? { every: 'week', days, time } : null;
  }
  const d = int(day, 1, 31);
  if (d === null || !any(wd)) return null;
  if (month === '*' && year === '*') return { every: 'month', day: d, time };
  const mo = int(month, 1, 12);
  if (mo === null || !/^\d{4}$/.test(year) || !realDate(+year, mo, d)) return null;
  return { every: 'once', date: `${year}-${pad(mo)}-${pad(d)}`, time };
}

/** 一、三、五 / 一至五: runs of three or more consecutive days read as a span. */
function dayWords(days: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    if (j - i >= 2) parts.push(`${WEEKDAY_NAMES[days[i]]}至${WEEKDAY_NAMES[days[j]]}`);
    else for (let k = i; k <= j; k++) parts.push(WEEKDAY_NAMES[days[k]]);
    i = j + 1;
  }
  return parts.join('、');
}

/** `pick` in words: 每天 10:00, 每周一至五 10:00, 每月 15 号 10:00, 2026年12月24日 10:00（一次）. */
export function describePick(pick: SchedulePick): string {
  switch (pick.every) {
    case 'day':
      return `每天 ${pick.time}`;
    case 'week':
      return pick.days.length === 7 ? `每天 ${pick.time}` : `每周${dayWords(pick.days)} ${pick.time}`;
    case 'month':
      return `每月 ${pick.day} 号 ${pick.time}${pick.day > 28 ? '（没有这一天的月份不发送）' : ''}`;
    case 'once': {
      const [y, m, d] = pick.date.split('-').map(Number);
      return `${y}年${m}月${d}日 ${pick.time}（一次）`;
    }
  }
}

/** A stored campaign cron in words; a cron the picker cannot show is quoted as staff wrote it. */
export function describeCron(expr: string): string {
  const pick = cronToPick(expr);
  return pick ? describePick(pick) : `自定义 cron「${expr.trim()}」`;
}
