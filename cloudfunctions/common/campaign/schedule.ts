/**
 * Campaign timing: 7-field cron (second minute hour day month weekday year, UTC+8, as WeChat timer
 * triggers) and quiet hours. Pure: every function takes the time as an argument.
 */
import { Cron } from 'croner';
import { beijingClock } from '../beijing-time';

/** Raised for a cron expression the editor must refuse. */
export class InvalidScheduleError extends Error {
  override name = 'InvalidScheduleError';
}

const TZ = 'Asia/Shanghai';

function parse(expr: string): { cron: Cron; years: Set<number> | null } {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 7) throw new InvalidScheduleError('发送时间需要 7 个字段：秒 分 时 日 月 星期 年');
  const year = fields[6];
  let years: Set<number> | null = null;
  if (year !== '*') {
    if (!/^\d{4}(,\d{4})*$/.test(year)) throw new InvalidScheduleError('发送时间的年份应为四位数字，多个年份用逗号分开（如 2027,2028），或 *');
    years = new Set(year.split(',').map(Number));
  }
  try {
    return {
      cron: new Cron(fields.slice(0, 6).join(' '), { timezone: TZ, paused: true, legacyMode: true }),
      years,
    };
  } catch {
    // croner's own message is English and names its parts by their wire names: staff read this one
    throw new InvalidScheduleError('发送时间格式不正确：7 个字段依次为秒 分 时 日 月 星期 年，如 0 0 10 * * 1-5 *');
  }
}

/** Throws {@link InvalidScheduleError} unless `expr` is a valid 7-field cron. */
export function assertCron(expr: string): void {
  parse(expr);
}

/** The first fire time strictly after `afterMs`, or null when there is none (past years). */
export function nextCronRun(expr: string, afterMs: number): number | null {
  const { cron, years } = parse(expr);
  let from = new Date(afterMs);
  for (let i = 0; i < 500; i++) {
    const next = cron.nextRun(from);
    if (!next) return null;
    const y = beijingClock(next.getTime()).getUTCFullYear();
    if (!years || years.has(y)) return next.getTime();
    if (years && y > Math.max(...years)) return null;
    from = next;
  }
  return null;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Quiet hours in UTC+8; `start > end` wraps midnight (22:00–08:00). */
export interface QuietHours {
  start: string;
  end: string;
}

/** True when `nowMs` falls inside the quiet window. */
export function inQuietHours(q: QuietHours | null | undefined, nowMs: number): boolean {
  if (!q || q.start === q.end) return false;
  const d = beijingClock(nowMs);
  const m = d.getUTCHours() * 60 + d.getUTCMinutes();
  const [s, e] = [minutes(q.start), minutes(q.end)];
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** When the quiet window containing `nowMs` ends (ms), or `nowMs` when not inside one. */
export function quietHoursEnd(q: QuietHours | null | undefined, nowMs: number): number {
  if (!q || !inQuietHours(q, nowMs)) return nowMs;
  const d = beijingClock(nowMs);
  const m = d.getUTCHours() * 60 + d.getUTCMinutes();
  const e = minutes(q.end);
  const deltaMin = e > m ? e - m : 24 * 60 - m + e;
  return nowMs - (nowMs % 60_000) + deltaMin * 60_000;
}
