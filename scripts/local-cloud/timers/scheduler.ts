/**
 * Fires each function's timer trigger (config.json `triggers`, 7-field cron, UTC+8) through the
 * function runtime with SOURCE `wx_trigger`, no OPENID, and a timer event in one of the forms SCF
 * documents ({@link timerEvent}, `QX_TIMER_EVENT`). An invalid expression is refused (reported, not scheduled).
 *
 * WeChat cloud's documentation does not say what a timer does while the previous run still goes,
 * or after a run fails; timer triggers are asynchronous invocations, which Tencent SCF re-delivers
 * after an execution error or a timeout, and developers report the same function re-run every
 * 10 s after it threw or timed out (WeChat developer community, "云函数自动重复调用"). So the
 * stricter reading is the default here: every tick fires even while earlier runs are going (each
 * is its own invocation, in its own instance), and a run that throws or times out is delivered
 * again (`retries`, `retryDelayMs`). Products must therefore be correct under overlapping and
 * repeated timer calls — ours holds leases and claims (jobs/runner.ts, rebuild/job.ts, dispatch).
 * `overlap: 'skip'` and `retries: 0` give the lenient behaviour for debugging.
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
  /** 0 for the tick's own run, k for its k-th re-delivery after a failure. */
  attempt: number;
}

/** Options of {@link startTimers}. */
export interface TimerOptions {
  /** Called after each run (tests, logs). */
  onRun?: (run: TimerRun) => void;
  /** Called for each trigger refused at start. */
  onInvalid?: (fn: string, trigger: string, message: string) => void;
  /** Only these functions get their triggers scheduled (default all). */
  only?: string[];
  /** What a tick does while earlier runs of its trigger still go: fire anyway (default), or skip. */
  overlap?: 'fire' | 'skip';
  /** Re-deliveries of a run that threw or timed out (default 2). */
  retries?: number;
  /** Wait before each re-delivery (default 10 s). */
  retryDelayMs?: number;
  /** The timer event's form (default `QX_TIMER_EVENT`, else `Timer`). */
  event?: TimerEventForm;
}

/** Running timers. */
export interface TimerScheduler {
  /** Scheduled triggers with their next fire time; `running` counts the runs going now. */
  list(): Array<{ fn: string; trigger: string; cron: string; next: Date | null; running: number; skipped: number }>;
  /** Triggers refused at start, with the reason. */
  invalid: Array<{ fn: string; trigger: string; message: string }>;
  /** Recent runs (last 100), re-deliveries included (`attempt` > 0). */
  recent(): TimerRun[];
  /**
   * Holds every trigger until the returned release is called (firings meanwhile are skipped and
   * counted, as a run still going would be). `npm start` holds the timers while it seeds a fresh
   * data dir: a refit that fired mid-seed would fit a half-imported shop and, being daily, keep it.
   */
  hold(): () => void;
  stop(): void;
  /** Resolves once no run is in flight (after stop and the runtime's close: shutdown waits for it). */
  settled(): Promise<void>;
}

/**
 * The two forms of a timer's event that Tencent SCF documents (WeChat documents none):
 * `Timer` = `{Type:'Timer', TriggerName, Time}` (the default), `timer` = `{Type:'timer',
 * TriggerName, Time, Message:''}` (the SCF timer page the Serverless Framework's Tencent docs
 * quote; Message is the trigger's optional input). The product must take both
 * (common/contracts/timer-event.ts); `QX_TIMER_EVENT=timer` runs the local cloud with the second.
 */
export type TimerEventForm = 'Timer' | 'timer';

/** The form `QX_TIMER_EVENT` names (default `Timer`); anything else is refused, not guessed. */
export function timerEventForm(env: string | undefined = process.env.QX_TIMER_EVENT): TimerEventForm {
  if (env === undefined || env === '' || env === 'Timer') return 'Timer';
  if (env === 'timer') return 'timer';
  throw new Error(`QX_TIMER_EVENT must be Timer or timer, not ${JSON.stringify(env)}`);
}

/** The event WeChat passes to a timer-triggered function (`Time` in UTC, second precision). */
export function timerEvent(trigger: string, at: Date, form: TimerEventForm = timerEventForm()): Record<string, string> {
  const time = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return form === 'timer' ? { Type: 'timer', TriggerName: trigger, Time: time, Message: '' } : { Type: 'Timer', TriggerName: trigger, Time: time };
}

export function startTimers(runtime: FunctionRuntime, opts: TimerOptions = {}): TimerScheduler {
  const invalid: TimerScheduler['invalid'] = [];
  const recent: TimerRun[] = [];
  let stopped = false;
  let holds = 0;
  const overlap = opts.overlap ?? 'fire';
  const retries = Math.max(0, opts.retries ?? 2);
  const retryDelayMs = opts.retryDelayMs ?? 10_000;
  const form = opts.event ?? timerEventForm();
  const pending = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const jobs: Array<{ fn: string; trigger: string; parsed: ParsedCron; next: Date | null; timer?: NodeJS.Timeout; running: number; skipped: number }> = [];

  for (const def of runtime.functions()) {
    if (opts.only && !opts.only.includes(def.name)) continue;
    for (const t of def.triggers) {
      try {
        jobs.push({ fn: def.name, trigger: t.name, parsed: parseTriggerCron(t.config), next: null, running: 0, skipped: 0 });
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
      track(fire(job, due));
      // Next fire strictly after this one, even if the timer woke a few ms early.
      arm(job, new Date(Math.max(Date.now(), due.getTime())));
    }, Math.max(0, delay));
    job.timer.unref?.();
  };

  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const fire = async (job: (typeof jobs)[number], at: Date, attempt = 0) => {
    if (stopped) return;
    if (attempt === 0 && (holds > 0 || (overlap === 'skip' && job.running > 0))) {
      job.skipped++;
      return;
    }
    job.running++;
    const t0 = performance.now();
    let run: TimerRun;
    try {
      const result = await runtime.invokeFunction(job.fn, timerEvent(job.trigger, at, form), { source: 'wx_trigger' });
      run = { fn: job.fn, trigger: job.trigger, firedAt: at, ok: true, result, ms: performance.now() - t0, attempt };
    } catch (err) {
      run = { fn: job.fn, trigger: job.trigger, firedAt: at, ok: false, error: (err as Error).message, ms: performance.now() - t0, attempt };
    } finally {
      job.running--;
    }
    recent.push(run);
    if (recent.length > 100) recent.shift();
    if (stopped) return;
    opts.onRun?.(run);
    if (!run.ok && attempt < retries) {
      // The same event again, as SCF re-delivers an asynchronous invocation.
      const t = setTimeout(() => {
        pending.delete(t);
        track(fire(job, at, attempt + 1));
      }, retryDelayMs);
      t.unref?.();
      pending.add(t);
    }
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
      for (const t of pending) clearTimeout(t);
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
