/**
 * `segment` cloud function. Timer (every 10 min, config.json): a dirty sweep, or a full pass
 * every 6 h (see run-pass.ts), within a 40 s budget per call. Actions (staff via the admin
 * function, or directly): `run` (continue or start a full pass now), `status`.
 * Identity from `cloud.getWXContext()` only: with an OPENID (a client call) the caller must be
 * staff (`admins`); without one it is a trigger or another cloud function of this environment.
 */
import cloud from 'wx-server-sdk';
import { requireStaffOrCloud, type CallerContext } from '../common/admin/guard';
import { COLLECTIONS } from '../common/contracts/collections';
import { fail, ok, QxError, type FnReply } from '../common/contracts/errors';
import { replyOfError } from '../common/contracts/reply-of-error';
import { Db } from '../common/db/wx-db';
import { serveShopModels } from '../common/model-store/serve-shop-models';
import { getSegmentationModel } from '../common/inference/segmentation';
import { parseRequest } from './request';
import { runSegmentJob, type RunResult } from './run-pass';
import { wxSegmentStore } from './wx-store';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
// Serve the shop's own model versions (model store), falling back to the shipped ones.
serveShopModels(cloud);

/** Per-call time budget: well under the 60 s limit of a cloud function. */
export const BUDGET_MS = 40_000;
/** Timer calls start a full pass (time-decayed segments + a segment_runs snapshot) this often; dirty sweeps in between. */
export const PASS_INTERVAL_MS = 6 * 3_600_000;

export async function main(event: unknown): Promise<FnReply<unknown>> {
  try {
    const db = new Db(cloud.database() as never);
    await requireStaffOrCloud(db, cloud.getWXContext() as CallerContext, '只有店铺员工可以操作分群任务');
    const req = parseRequest(event);
    if (!req) throw new QxError('INVALID_INPUT', '请求格式不正确：需要定时触发或 {action:"run"|"status"}');
    if (req.kind === 'action' && req.action.action === 'status') {
      const [job, run] = await Promise.all([db.getById(COLLECTIONS.jobs, 'segment'), db.find(COLLECTIONS.segmentRuns, {}, { orderBy: ['finishedAt', 'desc'], limit: 1 })]);
      return ok({ job, lastRun: run[0] ?? null });
    }
    const run = req.kind === 'action' && req.action.action === 'run' ? req.action : null;
    const result: RunResult = await runSegmentJob(wxSegmentStore(db), getSegmentationModel, {
      now: Date.now,
      budgetMs: run?.budgetMs ?? BUDGET_MS,
      pageSize: run?.pageSize ?? 500,
      writeConcurrency: 8,
      mode: run ? 'full' : 'timer',
      passIntervalMs: PASS_INTERVAL_MS,
    });
    if (result.status === 'model_unavailable') return fail('MODEL_UNAVAILABLE', '分群模型暂不可用，客户保留上次的分群', { error: result.error });
    return ok(result);
  } catch (err) {
    // A job: leased, resumable and guarded, so the next call (or tick) goes on from where this stopped.
    return replyOfError(err, { fn: 'segment', retrySafe: true, internal: '分群任务出错，已记录，稍后会自动重试' });
  }
}
