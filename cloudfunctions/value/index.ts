/**
 * `value` cloud function. Timer (every 10 min, config.json): starts the daily refit of the shop's
 * value model (job `refit:value` on common/jobs; a version ships through the model store's guard
 * only if it beats the serving one on a back-test) and continues it, then runs the scoring pass
 * (`score:value`) with the SERVING version. Staff ask for a refit through the admin 模型 page
 * (`modelRefit` opens the run and calls `{action:'refit'}` here at once; the timer continues
 * it) or call it directly;
 * `{action:'status'}` shows the serving version and the last runs. Identity from
 * `cloud.getWXContext()` only: with an OPENID (a client call) the caller must be staff.
 */
import cloud from 'wx-server-sdk';
import { requireStaffOrCloud, type CallerContext } from '../common/admin/guard';
import { ok, QxError, type FnReply } from '../common/contracts/errors';
import { replyOfError } from '../common/contracts/reply-of-error';
import { Db } from '../common/db/wx-db';
import { createJobRunner, runSummary, wxJobPorts } from '../common/jobs';
import { createModelStore, wxModelStorePorts, type SdkStorage } from '../common/model-store';
import {
  REFIT_KIND,
  SCORE_KIND,
  instanceMemoryMb,
  maxRefitBuyers,
  servedValueModel,
  VALUE_MODEL,
  valueRefitHandler,
  valueScoreHandler,
  valueTick,
  wxValueDataPorts,
} from '../common/value-serving';
import { parseValueRequest } from './request';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

/** Per-call time budget: well under the 60 s limit of a cloud function. */
export const BUDGET_MS = 40_000;
/** The timer opens a refit when the last one is this old. */
export const REFIT_INTERVAL_MS = 24 * 3_600_000;

export async function main(event: unknown): Promise<FnReply<unknown>> {
  try {
    const db = new Db(cloud.database() as never);
    const ctx = cloud.getWXContext() as CallerContext;
    const openid = ctx.OPENID;
    await requireStaffOrCloud(db, ctx, '只有店铺员工可以操作价值预测');
    const req = parseValueRequest(event);
    if (!req) throw new QxError('INVALID_INPUT', '请求格式不正确：需要定时触发或 {action:"refit"|"status"}');
    const store = createModelStore(wxModelStorePorts(db, cloud as unknown as SdkStorage));
    const runner = createJobRunner(wxJobPorts(db, cloud as unknown as SdkStorage));
    if (req.kind === 'action' && req.action.action === 'status') {
      const [state, refits, passes] = await Promise.all([
        store.state(VALUE_MODEL),
        runner.runs(REFIT_KIND, 1),
        runner.runs(SCORE_KIND, 1),
      ]);
      return ok({
        serving: state.serving
          ? { version: state.serving.version, dataWindow: state.serving.dataWindow }
          : null,
        refit: runSummary(refits[0]),
        score: runSummary(passes[0]),
        // What this instance has, and the largest shop a refit takes in it (memory-budget.ts).
        memory: { mb: Math.round(instanceMemoryMb()), maxRefitCustomers: maxRefitBuyers(instanceMemoryMb()) },
      });
    }
    const refit = req.kind === 'action' && req.action.action === 'refit' ? req.action : null;
    const data = wxValueDataPorts(db);
    const served = () => servedValueModel(store);
    const result = await valueTick(
      {
        runner,
        refit: valueRefitHandler(
          { data, store, served, now: Date.now, memoryMb: instanceMemoryMb },
          { pageSize: refit?.pageSize },
        ),
        score: valueScoreHandler({ data, served, now: Date.now }, { pageSize: refit?.pageSize }),
        servingVersion: async () => (await store.state(VALUE_MODEL)).pointer?.serving ?? null,
        now: Date.now,
      },
      {
        budgetMs: refit?.budgetMs ?? BUDGET_MS,
        refitIntervalMs: REFIT_INTERVAL_MS,
        ...(refit && openid
          ? { refitRequestedBy: `staff:${openid}` }
          : refit
            ? { refitRequestedBy: 'staff' }
            : {}),
      },
    );
    return ok(result);
  } catch (err) {
    // A job: leased, resumable and guarded, so the next call (or tick) goes on from where this stopped.
    return replyOfError(err, { fn: 'value', retrySafe: true, internal: '价值预测任务出错，已记录，稍后会自动重试' });
  }
}
