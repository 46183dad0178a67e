/**
 * WeChat cloud-function timer triggers: 7-field cron expressions
 * `second minute hour day month weekday year`, evaluated in UTC+8 (Asia/Shanghai).
 * Parsing and validation live here so the local scheduler and the deploy check agree.
 * WeChat's rules: fields allow `, - * /`; month JAN–DEC and weekday SUN–SAT names; when both day
 * and weekday are restricted they combine with OR; `?` (Quartz habit) is accepted in day/weekday
 * and means "no constraint", like `*`.
 */
import { Cron } from 'croner';
import { fromBeijingWallClock } from '../../../cloudfunctions/common/beijing-time';

/** Raised for an expression WeChat would refuse; `message` says which field and why. */
export class InvalidCronError extends Error {
  override name = 'InvalidCronError';
}

/** The timezone WeChat evaluates timer triggers in. */
export const TRIGGER_TIMEZONE = 'Asia/Shanghai';

const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'weekday', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
] as const;

type FieldSpec = (typeof FIELDS)[number];

/** A validated trigger expression. */
export interface ParsedCron {
  /** The original 7-field expression. */
  expression: string;
  /** The 6-field pattern croner evaluates (year handled separately). */
  pattern: string;
  /** Allowed years, or null for any year. */
  years: Set<number> | null;
}

function toNumber(token: string, f: FieldSpec, expr: string): number {
  const upper = token.toUpperCase();
  const named = 'names' in f ? (f.names as readonly string[]).indexOf(upper) : -1;
  if (named >= 0) return f.name === 'month' ? named + 1 : named;
  if (!/^\d+$/.test(token)) throw new InvalidCronError(`cron "${expr}": ${f.name} field has invalid value "${token}"`);
  const n = Number(token);
  if (n < f.min || n > f.max) {
    throw new InvalidCronError(`cron "${expr}": ${f.name} value ${n} is outside ${f.min}-${f.max}`);
  }
  return n;
}

/** Expands one field into the set of values it allows (validating as it goes). */
function expandField(raw: string, f: FieldSpec, expr: string): number[] {
  const out = new Set<number>();
  for (const part of raw.split(',')) {
    if (part === '') throw new InvalidCronError(`cron "${expr}": empty list item in ${f.name} field`);
    const [range, stepStr, extra] = part.split('/');
    if (extra !== undefined) throw new InvalidCronError(`cron "${expr}": ${f.name} field "${part}" has two "/"`);
    let step = 1;
    if (stepStr !== undefined) {
      if (!/^\d+$/.test(stepStr) || Number(stepStr) === 0) {
        throw new InvalidCronError(`cron "${expr}": ${f.name} step "${stepStr}" must be a positive integer`);
      }
      step = Number(stepStr);
    }
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [f.min, f.max];
    else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw new InvalidCronError(`cron "${expr}": ${f.name} range "${range}" is malformed`);
      lo = toNumber(a, f, expr);
      hi = toNumber(b, f, expr);
      if (lo > hi) throw new InvalidCronError(`cron "${expr}": ${f.name} range ${range} runs backwards`);
    } else {
      lo = toNumber(range, f, expr);
      hi = stepStr !== undefined ? f.max : lo;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Validates a WeChat timer expression and returns what the scheduler needs.
 * @throws InvalidCronError with a message naming the field at fault.
 */
export function parseTriggerCron(expression: string): ParsedCron {
  if (typeof expression !== 'string') throw new InvalidCronError('cron expression must be a string');
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 7) {
    throw new InvalidCronError(
      `cron "${expression}" has ${parts.length} fields; WeChat timers need 7: second minute hour day month weekday year`,
    );
  }
  const normalised = parts.map((p, i) => {
    if (p === '?') {
      if (i === 3 || i === 5) return '*';
      throw new InvalidCronError(`cron "${expression}": "?" is only allowed in the day and weekday fields`);
    }
    return p;
  });
  normalised.forEach((p, i) => expandField(p, FIELDS[i], expression));
  const years = normalised[6] === '*' ? null : new Set(expandField(normalised[6], FIELDS[6], expression));
  const pattern = normalised.slice(0, 6).join(' ');
  try {
    new Cron(pattern, { timezone: TRIGGER_TIMEZONE, legacyMode: true, paused: true }).stop();
  } catch (err) {
    throw new InvalidCronError(`cron "${expression}": ${(err as Error).message}`);
  }
  return { expression, pattern, years };
}

/** Returns the error message for an invalid expression, or null when it is valid (deploy check). */
export function validateTriggerCron(expression: string): string | null {
  try {
    parseTriggerCron(expression);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The first fire time strictly after `after`, or null when the expression never fires again. */
export function nextFireTime(parsed: ParsedCron, after: Date): Date | null {
  const cron = new Cron(parsed.pattern, { timezone: TRIGGER_TIMEZONE, legacyMode: true, paused: true });
  try {
    let from = after;
    for (let guard = 0; guard < 200; guard++) {
      const next = cron.nextRun(from);
      if (!next) return null;
      const year = Number(
        new Intl.DateTimeFormat('en-US', { timeZone: TRIGGER_TIMEZONE, year: 'numeric' }).format(next),
      );
      if (!parsed.years || parsed.years.has(year)) return next;
      const later = [...parsed.years].filter((y) => y > year).sort((a, b) => a - b)[0];
      if (later === undefined) return null;
      // Jump to just before 00:00 of Jan 1st of the next allowed year, UTC+8.
      from = new Date(fromBeijingWallClock(later, 1, 1) - 1000);
    }
    return null;
  } finally {
    cron.stop();
  }
}
