/**
 * What holds a campaign's next send, and until when: the earliest time at which every hold on it
 * has passed, and the hold that lasts longest. A campaign whose template WeChat refused (43107)
 * also waits for its quota day, its quiet hours or its schedule, and the dispatcher tries the
 * template only at a tick that takes the campaign up (run-dispatch.ts: due by `nextRunAt`, not
 * before the back-off's next try, then moved out of quiet hours). So 「等待解封」 is the reason only
 * when the ban's try is the last thing it waits for. Pure: the time is an argument.
 */
import type { Campaign } from './campaign-schema';
import { inQuietHours, quietHoursEnd } from './schedule';

/** Why the next send waits: the hold that ends last (`none`: due at the next tick). */
export type SendHoldReason = 'ban' | 'quiet_hours' | 'daily_quota' | 'schedule' | 'none';

/** The hold and when it ends (ms; `now` when nothing holds). */
export interface SendHold {
  reason: SendHoldReason;
  at: number;
}

/** The fields the choice reads. */
export type HeldCampaign = Pick<Campaign, 'nextRunAt' | 'quietHours' | 'deferredReason'>;

/**
 * The hold on `c`'s next send at `now`. `banTryAt`: when its template, refused with 43107, may be
 * tried again (ban-backoff.ts), if it is refused. Ties go to the ban (it still has to be lifted).
 */
export function nextSendHold(c: HeldCampaign, now: number, banTryAt?: number | null): SendHold {
  const planned = Math.max(c.nextRunAt ?? now, now);
  const ban = typeof banTryAt === 'number' ? Math.max(banTryAt, now) : null;
  const t = Math.max(planned, ban ?? now);
  // The tick that takes it up at `t` inside quiet hours moves it to their end, ban or not.
  if (inQuietHours(c.quietHours, t)) return { reason: 'quiet_hours', at: quietHoursEnd(c.quietHours, t) };
  if (ban !== null && ban >= planned) return { reason: 'ban', at: ban };
  if (planned <= now) return { reason: 'none', at: now };
  if (c.deferredReason === 'daily_quota' || c.deferredReason === 'quiet_hours') return { reason: c.deferredReason, at: planned };
  return { reason: 'schedule', at: planned };
}
