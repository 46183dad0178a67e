/**
 * The `dispatch` function's routes: a timer tick or `run` (staff via the admin function, or a
 * trusted server caller) runs the dispatcher. `recordSubscribe` is kept for released app versions
 * and is read-only: it answers what the ledger holds — fed only by WeChat's pushes (`wxpush`) —
 * and never adds a grant. Identity comes only from the context.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { requireStaffOrCloud, type CallerContext } from '../admin/guard';
import { MERCHANT_TEMPLATE_IDS } from '../campaign/merchant-templates';
import { fail, ok, type FnReply } from '../contracts/errors';
import { replyOfError } from '../contracts/reply-of-error';
import { id } from '../contracts/events';
import { requestOf } from '../contracts/platform-event';
import { timerEventSchema } from '../contracts/timer-event';
import type { Db } from '../db/wx-db';
import { availableOf, recordSubscribeInput } from './grants-ledger';
import { DEFAULT_DISPATCH, runDispatch } from './run-dispatch';
import type { Sender } from './send-one';


const runInput = z
  .object({
    action: z.literal('run'),
    campaignId: id.optional(),
    budgetMs: z.number().int().min(1000).max(50_000).optional(),
    leaseMs: z.number().int().min(1000).max(120_000).optional(),
    pageSize: z.number().int().min(1).max(500).optional(),
    ratePerSec: z.number().min(0.1).max(1000).optional(),
    maxAttempts: z.number().int().min(1).max(5).optional(),
    baseDelayMs: z.number().int().min(0).max(5000).optional(),
    concurrency: z.number().int().min(1).max(16).optional(),
  })
  .strict();

const event = z.union([
  runInput,
  z.object({ action: z.literal('recordSubscribe') }).passthrough(),
  timerEventSchema,
]);


/** Handles one `dispatch` invocation. */
export async function handleDispatch(
  raw: unknown,
  db: Db,
  send: Sender,
  ctx: CallerContext,
): Promise<FnReply<unknown>> {
  try {
    // Everything but the customers' read-only recordSubscribe is for staff and the cloud: refuse
    // anyone else before reading their event (no schema details for them).
    const action = (raw as { action?: unknown } | null)?.action;
    if (action !== 'recordSubscribe') await requireStaffOrCloud(db, ctx, '仅商家员工可以发送活动');
    const parsed = event.safeParse(requestOf(raw ?? {}));
    if (!parsed.success) return fail('INVALID_INPUT', '请求参数无效', parsed.error.issues.slice(0, 5));
    const e = parsed.data as Record<string, unknown>;
    if (e.action === 'recordSubscribe') {
      if (!ctx.OPENID) return fail('UNAUTHENTICATED', '需要登录');
      const { action: _a, ...rest } = e;
      const input = recordSubscribeInput.safeParse(rest);
      if (!input.success) return fail('INVALID_INPUT', '订阅结果格式无效', input.error.issues.slice(0, 5));
      // A claim by the client is not a grant: WeChat's popup push is (common/wxpush).
      const ids = [...new Set(input.data.results.map((r) => r.templateId))].filter((t) => MERCHANT_TEMPLATE_IDS.has(t));
      return ok({ available: await availableOf(db, ctx.OPENID, ids), ledger: 'wechat_push_only' });
    }
    const r =
      e.action === 'run' ? (e as z.infer<typeof runInput>) : ({} as Partial<z.infer<typeof runInput>>);
    const summary = await runDispatch(db, send, `run-${crypto.randomUUID()}`, {
      ...DEFAULT_DISPATCH,
      campaignId: r.campaignId,
      budgetMs: r.budgetMs ?? DEFAULT_DISPATCH.budgetMs,
      leaseMs: r.leaseMs ?? DEFAULT_DISPATCH.leaseMs,
      pageSize: r.pageSize ?? DEFAULT_DISPATCH.pageSize,
      ratePerSec: r.ratePerSec ?? DEFAULT_DISPATCH.ratePerSec,
      concurrency: r.concurrency ?? DEFAULT_DISPATCH.concurrency,
      retry: {
        maxAttempts: r.maxAttempts ?? DEFAULT_DISPATCH.retry.maxAttempts,
        baseDelayMs: r.baseDelayMs ?? DEFAULT_DISPATCH.retry.baseDelayMs,
      },
    });
    return ok(summary);
  } catch (err) {
    // Claims and the grants ledger make a second run send nothing twice.
    return replyOfError(err, { fn: 'dispatch', retrySafe: true, internal: '发送服务出错，请稍后重试' });
  }
}
