/**
 * The editor's 发送时间: 立即, a pick (每天 / 每周几 / 每月几号 / 一次性, at HH:mm Beijing time) that
 * becomes the 7-field cron the server validates, or 高级 — the raw cron, for a stored one the
 * picker cannot show (common/contracts/schedule-pick.ts says which those are).
 */
import { beijingIsoDay } from '../../services/beijing-time';
import { cronToPick, describeCron, describePick, pickProblem, pickToCron, type SchedulePick } from '../../../../cloudfunctions/common/contracts/schedule-pick';

/** How the campaign goes out. */
export type ScheduleMode = 'now' | SchedulePick['every'] | 'advanced';

/** The schedule part of the form (strings where staff type). */
export interface ScheduleForm {
  mode: ScheduleMode;
  /** `HH:mm`, Beijing time. */
  time: string;
  /** 1 = 周一 … 7 = 周日. */
  days: number[];
  monthDay: string;
  /** `YYYY-MM-DD` of a one-off. */
  date: string;
  /** The raw 7-field cron of 高级. */
  cron: string;
}

/** A new campaign's schedule: 立即, and 10:00 once staff pick a time. */
export const NEW_SCHEDULE: ScheduleForm = { mode: 'now', time: '10:00', days: [1], monthDay: '1', date: '', cron: '0 0 10 * * * *' };

/** The pick the form holds, or null for 立即 and 高级. */
export function pickOf(f: ScheduleForm): SchedulePick | null {
  switch (f.mode) {
    case 'day':
      return { every: 'day', time: f.time };
    case 'week':
      return { every: 'week', days: [...f.days].sort((a, b) => a - b), time: f.time };
    case 'month':
      return { every: 'month', day: Number(f.monthDay), time: f.time };
    case 'once':
      return { every: 'once', date: f.date, time: f.time };
    default:
      return null;
  }
}

/** The form holding `pick` (the other fields as they were). */
function withPick(f: ScheduleForm, pick: SchedulePick): ScheduleForm {
  const base = { ...f, mode: pick.every, time: pick.time };
  if (pick.every === 'week') return { ...base, days: pick.days };
  if (pick.every === 'month') return { ...base, monthDay: String(pick.day) };
  if (pick.every === 'once') return { ...base, date: pick.date };
  return base;
}

/** The form of a stored schedule: the picker when it can show the cron, else 高级 with it unchanged. */
export function scheduleFormOf(s: { kind: 'now' } | { kind: 'cron'; cron: string }): ScheduleForm {
  if (s.kind === 'now') return NEW_SCHEDULE;
  const pick = cronToPick(s.cron);
  return pick ? { ...withPick(NEW_SCHEDULE, pick), cron: s.cron } : { ...NEW_SCHEDULE, mode: 'advanced', cron: s.cron };
}

/** Tomorrow in Beijing, `YYYY-MM-DD` (a one-off's first suggestion). */
const tomorrow = (now: number): string => beijingIsoDay(now + 86400_000);

/**
 * Switches to `mode`, carrying what the schedule already says: 高级 opens with the pick's cron,
 * and a raw cron the picker can show opens in the picker.
 */
export function switchMode(f: ScheduleForm, mode: ScheduleMode, now: number): ScheduleForm {
  const pick = pickOf(f);
  if (mode === 'advanced') return { ...f, mode, cron: pick && !pickProblem(pick, now) ? pickToCron(pick) : f.cron };
  const fromRaw = f.mode === 'advanced' ? cronToPick(f.cron) : null;
  const next = fromRaw && fromRaw.every === mode ? withPick(f, fromRaw) : { ...f, mode, ...(fromRaw ? { time: fromRaw.time } : {}) };
  return mode === 'once' && !next.date ? { ...next, date: tomorrow(now) } : next;
}

/** Why the schedule cannot be saved, or null (the server checks the cron itself again). */
export function scheduleProblem(f: ScheduleForm, now: number): string | null {
  if (f.mode === 'now') return null;
  if (f.mode === 'advanced') return f.cron.trim() ? null : '请填写 cron';
  return pickProblem(pickOf(f) as SchedulePick, now);
}

/** The schedule the server stores. */
export function schedulePayload(f: ScheduleForm): { kind: 'now' } | { kind: 'cron'; cron: string } {
  if (f.mode === 'now') return { kind: 'now' };
  const pick = pickOf(f);
  return { kind: 'cron', cron: pick ? pickToCron(pick) : f.cron.trim() };
}

/** The schedule in words, as the editor repeats it under the picker. */
export function scheduleWords(f: ScheduleForm, now: number): string {
  if (f.mode === 'now') return '保存并发送后立即发送';
  if (f.mode === 'advanced') return f.cron.trim() ? `${describeCron(f.cron)}（北京时间）` : '';
  const pick = pickOf(f) as SchedulePick;
  return pickProblem(pick, now) ? '' : `${describePick(pick)} 发送（北京时间）`;
}
