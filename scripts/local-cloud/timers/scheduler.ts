/**
 * Fires each function's timer trigger (config.json `triggers`, 7-field cron, UTC+8) through the
 * function runtime with SOURCE `wx_trigger`, no OPENID, and WeChat's timer event
 * `{Type: 'Timer', TriggerName, Time}`. An invalid expression is refused (reported, not scheduled).
 * A trigger whose previous run is still going is skipped for that tick rather than piling up.
 */
import type { FunctionRuntime } from '../functions/runtime';
import { nextFireTime, parseTriggerCron, type ParsedCron } from './cron';

/** What one firing produced. */
export interface TimerRun {
  fn: string;
  trigger: string;
  firedAt: Date;
  ok: boolean;
  result?: unknown;
  error?: string;
  ms: number;
}

/** Options of {@link startTimers}. */
export interface TimerOptions {
  /** Called after each run (tests, logs). */
  onRun?: (run: TimerRun) => void;
  /** Called for each trigger refused at start. */
  onInvalid?: (fn: string, trigger: string, message: string) => void;
  /** Only these functions get their triggers scheduled (default all). */
  only?: string[];
}

/** Running timers. */
export interface TimerScheduler {
  /** Scheduled triggers with their next fire time. */
  list(): Array<{ fn: string; trigger: string; cron: string; next: Date | null; running: boolean; skipped: number }>;
  /** Triggers refused at start, with the reason. */
  invalid: Array<{ fn: string; trigger: string; message: string }>;
  /** Recent runs (last 100). */
  recent(): TimerRun[];
  /**
   * Holds every trigger until the returned release is called (firings meanwhile are skipped and
   * counted, as a run still going would be). `npm start` holds the timers while it seeds a fresh
   * data dir: a refit that fired mid-seed would fit a half-imported shop and, being daily, keep it.
   */
  hold(): () => void;
  stop(): void;
}

/** The event WeChat passes to a timer-triggered function (`Time` in UTC, second precision). */
export function timerEvent(trigger: string, at: Date): { Type: 'Timer'; TriggerName: string; Time: string } {
  return { Type: 'Timer', TriggerName: trigger, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

export function startTimers(runtime: FunctionRuntime, opts: TimerOptions = {}): TimerScheduler {
  const invalid: TimerScheduler['invalid'] = [];
  const recent: TimerRun[] = [];
  let stopped = false;
  let holds = 0;
  const jobs: Array<{ fn: string; trigger: string; parsed: ParsedCron; next: Date | null; timer?: NodeJS.Timeout; running: boolean; skipped: number }> = [];

  for (const def of runtime.functions()) {
    if (opts.only && !opts.only.includes(def.name)) continue;
    for (const t of def.triggers) {
      try {
        jobs.push({ fn: def.name, trigger: t.name, parsed: parseTriggerCron(t.config), next: null, running: false, skipped: 0 });
      } catch (err) {
        const message = (err as Error).message;
        invalid.push({ fn: def.name, trigger: t.name, message });
        opts.onInvalid?.(def.name, t.name, message);
      }
    }
  }

  const arm = (job: (typeof jobs)[number], from = new Date()) => {
    if (stopped) return;
    job.next = nextFireTime(job.parsed, from);
    if (!job.next) return;
    // setTimeout caps at ~24.8 days: re-arm in steps for far-away fire times.
    const delay = Math.min(job.next.getTime() - Date.now(), 2 ** 31 - 1);
    job.timer = setTimeout(() => {
      const due = job.next!;
      if (Date.now() < due.getTime() - 5) return arm(job); // woke early (clock change): re-arm
      void fire(job, due);
      // Next fire strictly after this one, even if the timer woke a few ms early.
      arm(job, new Date(Math.max(Date.now(), due.getTime())));
    }, Math.max(0, delay));
    job.timer.unref?.();
  };

  const fire = async (job: (typeof jobs)[number], at: Date) => {
    if (job.running || holds > 0) {
      job.skipped++;
      return;
    }
    job.running = true;
    const t0 = performance.now();
    let run: TimerRun;
    try {
      const result = await runtime.invokeFunction(job.fn, timerEvent(job.trigger, at), { source: 'wx_trigger' });
      run = { fn: job.fn, trigger: job.trigger, firedAt: at, ok: true, result, ms: performance.now() - t0 };
    } catch (err) {
      run = { fn: job.fn, trigger: job.trigger, firedAt: at, ok: false, error: (err as Error).message, ms: performance.now() - t0 };
    } finally {
      job.running = false;
    }
    recent.push(run);
    if (recent.length > 100) recent.shift();
    if (!stopped) opts.onRun?.(run);
  };

  jobs.forEach((j) => arm(j));
  return {
    invalid,
    list: () => jobs.map((j) => ({ fn: j.fn, trigger: j.trigger, cron: j.parsed.expression, next: j.next, running: j.running, skipped: j.skipped })),
    recent: () => [...recent],
    hold() {
      holds++;
      let released = false;
      return () => {
        if (!released) holds--;
        released = true;
      };
    },
    stop() {
      stopped = true;
      for (const j of jobs) clearTimeout(j.timer);
    },
  };
}
