/**
 * Accepted invocations of `segment`: the timer trigger's event, or an action from staff / the
 * admin function: `{action:'run', budgetMs?, pageSize?}` (continue or start a full pass now) and
 * `{action:'status'}` (job state and the latest run snapshot for the admin page).
 */
import { z } from 'zod';
import { requestOf } from '../common/contracts/platform-event';
import { isTimerEvent } from '../common/contracts/timer-event';

/** Actions. */
export const actionEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('run'), budgetMs: z.number().int().min(1000).max(50_000).optional(), pageSize: z.number().int().min(1).max(1000).optional() }).strict(),
  z.object({ action: z.literal('status') }).strict(),
]);

/** A parsed request. */
export type SegmentRequest = { kind: 'timer' } | { kind: 'action'; action: z.infer<typeof actionEvent> };

/** Parse an event; null when it is neither a timer event nor a known action. */
export function parseRequest(event: unknown): SegmentRequest | null {
  // WeChat's userInfo and the runtime's tcbContext are not part of the request.
  const clean = requestOf(event ?? {});
  if (isTimerEvent(clean)) return { kind: 'timer' };
  const a = actionEvent.safeParse(clean);
  return a.success ? { kind: 'action', action: a.data } : null;
}
