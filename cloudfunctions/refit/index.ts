/**
 * `refit` cloud function: hosts the models' refit jobs (kinds.ts) on the job runner. Timer (every
 * 5 min, config.json): each kind's schedule may open a run, then active runs are worked on within
 * a shared 40 s budget. Staff: admin `modelRefit` opens the run and calls `{action:'tick', kind}`
 * so it starts at once. Identity from `cloud.getWXContext()` only: a call carrying an OPENID must
 * be staff; without one it must come from inside the cloud (timer, another function).
 */
import cloud from 'wx-server-sdk';
import { requireStaffOrCloud, type CallerContext } from '../common/admin/guard';
import { ok, QxError, type FnReply } from '../common/contracts/errors';
import { replyOfError } from '../common/contracts/reply-of-error';
import { Db } from '../common/db/wx-db';
import { createJobRunner, wxJobPorts } from '../common/jobs';
import { createModelStore, wxModelStorePorts, wxModelFiles } from '../common/model-store';
import { hostRefits, type HostReport } from './host';
import { REFIT_KINDS } from './kinds';
import { parseRefitRequest } from './request';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export async function main(event: unknown): Promise<FnReply<HostReport>> {
  try {
    const db = new Db(cloud.database() as never);
    await requireStaffOrCloud(db, cloud.getWXContext() as CallerContext, '只有店铺员工可以操作模型训练');
    const req = parseRefitRequest(event);
    if (!req) throw new QxError('INVALID_INPUT', '请求格式不正确：需要定时触发或 {action:"tick", kind:"refit:<模型>"}');
    if (req.by === 'staff' && !REFIT_KINDS.some((k) => k.kind === req.kind))
      throw new QxError('NOT_FOUND', `没有这个模型训练任务：${req.kind}`);
    const sdk = cloud as never;
    const env = { db, store: createModelStore(wxModelStorePorts(db, sdk)), files: wxModelFiles(sdk), now: Date.now };
    const report = await hostRefits({
      runner: createJobRunner(wxJobPorts(db, sdk)),
      kinds: REFIT_KINDS,
      env,
      trigger: req,
      ...(req.by === 'staff' && req.budgetMs ? { budgetMs: req.budgetMs } : {}),
    });
    return ok(report);
  } catch (err) {
    // A job: leased, resumable and guarded, so the next call (or tick) goes on from where this stopped.
    return replyOfError(err, { fn: 'refit', retrySafe: true, internal: '模型训练任务出错，已记录，稍后会自动重试' });
  }
}
