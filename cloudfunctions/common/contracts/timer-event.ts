/**
 * The event a timer trigger passes to a function. WeChat's guide (定时触发器) documents the
 * trigger's config.json but not the event; the shape comes from Tencent SCF, whose own pages
 * write it two ways: `{"Type":"Timer","TriggerName":…,"Time":…}` and, in the SCF timer page the
 * Serverless Framework's Tencent docs quote, `{"Type":"timer","TriggerName":…,"Time":…,"Message":…}`
 * (Message: the trigger's optional input, a string or JSON; developers' WeChat cloud guides test
 * `event.Type` against "timer"). So a tick is recognised by `Type` in either case and nothing
 * else is required of it: a schema that insisted on one spelling or on `TriggerName`/`Time` would
 * refuse every production tick while the local cloud's own form passed (QX_TIMER_EVENT switches
 * the local cloud's form, scripts/local-cloud/timers/scheduler.ts). Who may start a tick is the
 * caller's context's business (admin/guard.ts), never this event's.
 */
import { z } from 'zod';

/**
 * A timer trigger's event: `Type` "Timer"/"timer"; nothing is asked of the other fields (no
 * product code reads them, and a type guessed wrong, e.g. `Time` as epoch seconds, would refuse
 * every tick), extra keys kept. The event's size and depth are bounded by `requestOf` before this.
 */
export const timerEventSchema = z.object({ Type: z.string().regex(/^timer$/i) }).passthrough();

/** True when `request` (an event after `requestOf`) is a timer trigger's event. */
export function isTimerEvent(request: unknown): boolean {
  return timerEventSchema.safeParse(request).success;
}
