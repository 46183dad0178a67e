/**
 * Accepted invocations of `refit`: the timer trigger's event (schedules + every active run), or
 * `{action:'tick', kind:'refit:<model>', budgetMs?}` from the admin function after staff asked
 * for a refit (works on that run now; the timer continues it if the budget runs out).
 */
import { z } from 'zod';
import { requestOf } from '../common/contracts/platform-event';
import { isTimerEvent } from '../common/contracts/timer-event';
import '../common/contracts/zod-zh';

const tickEvent = z
  .object({
    action: z.literal('tick'),
    kind: z.string().regex(/^refit:[a-z][a-z0-9-]{0,39}$/),
    budgetMs: z.number().int().min(1).max(40_000).optional(),
  })
  .strict();

/** A parsed request. */
export type RefitRequest = { by: 'timer' } | { by: 'staff'; kind: string; budgetMs?: number };

/** Parses an event; null when it is neither a timer event nor a tick request. */
export function parseRefitRequest(event: unknown): RefitRequest | null {
  // WeChat's userInfo and the runtime's tcbContext are not part of the request.
  const clean = requestOf(event ?? {});
  if (isTimerEvent(clean)) return { by: 'timer' };
  const t = tickEvent.safeParse(clean);
  if (!t.success) return null;
  return { by: 'staff', kind: t.data.kind, ...(t.data.budgetMs ? { budgetMs: t.data.budgetMs } : {}) };
}
