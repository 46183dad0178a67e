/**
 * How often the dispatcher asks WeChat again while a template is refused with 43107 (banned).
 * Asking every timer tick costs up to 1,440 refused calls a day during an app-wide ban (WeChat
 * says neither how long a ban lasts nor whether refused calls count against anything), so each
 * consecutive refusal of a template doubles the wait before its next try: 1, 2, 4 … minutes, at
 * most {@link BAN_RETRY}.capMs. A send with the template that goes through drops its entry, so the
 * next ban starts at the first step again. Pure: times are arguments.
 */
import type { TemplateFault } from '../contracts/admin-replies';

/** The back-off's first step and its ceiling (ms). */
export const BAN_RETRY = {
  /** The timer's own period: the first retry is the next tick. */
  firstMs: 60_000,
  /** An hour: a lifted ban is noticed within the hour, at 24 tries a day at most. */
  capMs: 3_600_000,
} as const;

/** The wait after the `refusals`-th refusal in a row (1 → 1 min, 2 → 2 min, … capped). */
export function banRetryDelay(refusals: number): number {
  const steps = Math.max(0, Math.floor(refusals) - 1);
  // 2^steps overflows nothing that matters: capped long before 2^53.
  return Math.min(BAN_RETRY.capMs, BAN_RETRY.firstMs * 2 ** Math.min(steps, 30));
}

/**
 * When the template of `f` may be tried again. Entries stored before the back-off have neither
 * field: one refusal, measured from the latest.
 */
export function banNextTryAt(f: Pick<TemplateFault, 'lastSeenAt' | 'nextTryAt'>): number {
  return typeof f.nextTryAt === 'number' ? f.nextTryAt : f.lastSeenAt + BAN_RETRY.firstMs;
}

/** Whether a send with `templateId` may be tried at `now` (no ban entry: always). */
export function banProbeDue(banned: readonly TemplateFault[], templateId: string, now: number): boolean {
  const f = banned.find((b) => b.templateId === templateId);
  return !f || now >= banNextTryAt(f);
}

/**
 * The entry after one more refusal of a try made at `triedAt` (the run's start: the timer's tick,
 * so the next tick an interval later is due) and seen at `now`: the first refusal's `since` kept,
 * one more refusal counted, the next try an interval later.
 */
export function afterBanRefusal(before: TemplateFault | undefined, templateId: string, campaignId: string, triedAt: number, now: number): TemplateFault {
  const refusals = (before?.refusals ?? 0) + 1;
  return { templateId, since: before?.since ?? now, lastSeenAt: now, campaignId, refusals, nextTryAt: triedAt + banRetryDelay(refusals) };
}

/**
 * Entries made due now, their refusals kept: staff asked to try again (立即重试), or another
 * banned template just went through (a lifted app-wide ban lifts them all; one still refused
 * goes on from its own step).
 */
export function banTryNow(banned: readonly TemplateFault[], now: number): TemplateFault[] {
  return banned.map((b) => ({ ...b, nextTryAt: Math.min(banNextTryAt(b), now) }));
}
