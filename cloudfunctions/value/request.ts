/**
 * Accepted invocations of `value`: the timer trigger's event (start the daily refit when due, and
 * continue the refit and scoring jobs), or from staff `{action:'refit', budgetMs?, pageSize?}`
 * (open a refit run now and work on it) and `{action:'status'}`.
 */
import { z } from 'zod';
import { requestOf } from '../common/contracts/platform-event';
import { isTimerEvent } from '../common/contracts/timer-event';
import '../common/contracts/zod-zh';

const actionEvent = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('refit'),
      budgetMs: z.number().int().min(1).max(50_000).optional(),
      pageSize: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  z.object({ action: z.literal('status') }).strict(),
]);

/** A parsed request. */
export type ValueRequest = { kind: 'timer' } | { kind: 'action'; action: z.infer<typeof actionEvent> };

/** Parses an event; null when it is neither a timer event nor a known action. */
export function parseValueRequest(event: unknown): ValueRequest | null {
  // WeChat's userInfo and the runtime's tcbContext are not part of the request.
  const clean = requestOf(event ?? {});
  if (isTimerEvent(clean)) return { kind: 'timer' };
  const a = actionEvent.safeParse(clean);
  return a.success ? { kind: 'action', action: a.data } : null;
}
