/**
 * `value` cloud function. Timer (every 10 min, config.json): refits the shop's value model once a
 * day and continues a scoring pass within a 40 s budget per call. Actions (staff via the admin
 * function, or directly): `refit` (fit now, then score), `status`. Identity from
 * `cloud.getWXContext()` only: with an OPENID (a client call) the caller must be staff.
 */
import cloud from 'wx-server-sdk';
import { COLLECTIONS } from '../common/contracts/collections';
import { fail, ok, QxError, type FnReply } from '../common/contracts/errors';
import { Db } from '../common/db/wx-db';
import { parseValueRequest } from './request';
import { runValueJob } from './run-job';
import { wxValueStore } from './wx-store';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

/** Per-call time budget: well under the 60 s limit of a cloud function. */
export const BUDGET_MS = 40_000;
/** The timer refits when the model is this old. */
export const REFIT_INTERVAL_MS = 24 * 3_600_000;

export async function main(event: unknown): Promise<FnReply<unknown>> {
  try {
    const req = parseValueRequest(event);
    if (!req) throw new QxError('INVALID_INPUT', '请求格式不正确：需要定时触发或 {action:"refit"|"status"}');
    const db = new Db(cloud.database() as never);
    const openid = cloud.getWXContext().OPENID as string | undefined;
    if (openid && !(await db.getById(COLLECTIONS.admins, openid)))
      throw new QxError('FORBIDDEN', '只有店铺员工可以操作价值预测');
    if (req.kind === 'action' && req.action.action === 'status') {
      const job = await db.getById(COLLECTIONS.jobs, 'value');
      // The model itself stays server-side; staff see its version, window and progress.
      const { model: _model, ...rest } = (job ?? {}) as Record<string, unknown>;
      return ok({ job: job ? rest : null });
    }
    const refit = req.kind === 'action' && req.action.action === 'refit' ? req.action : null;
    const result = await runValueJob(wxValueStore(db), {
      now: Date.now,
      budgetMs: refit?.budgetMs ?? BUDGET_MS,
      pageSize: refit?.pageSize ?? 500,
      refit: refit !== null,
      refitIntervalMs: REFIT_INTERVAL_MS,
    });
    return ok(result);
  } catch (err) {
    if (err instanceof QxError) return fail(err.code, err.message, err.details);
    console.error('[value] internal error', err);
    return fail('INTERNAL', '价值预测任务出错，已记录，稍后会自动重试');
  }
}
