/**
 * `retention` cloud function (timer, daily 03:30 UTC+8): first the housekeeping of derived data
 * (housekeeping.ts: segment runs/history and value snapshots older than 400 days, finished job
 * runs' checkpoints and old run documents, files of model versions nothing can serve, staff's
 * export files whose link has expired, order fences a week old), then raw
 * events older than QX_RETENTION_DAYS (default 180) by event time. Progress is recorded in `jobs`
 * (`event-retention`).
 */
import cloud from 'wx-server-sdk';
import { fromOutside } from '../common/admin/guard';
import { COLLECTIONS } from '../common/contracts/collections';
import { fail, ok, type FnReply } from '../common/contracts/errors';
import { replyOfError } from '../common/contracts/reply-of-error';
import { Db } from '../common/db/wx-db';
import { wxModelFiles } from '../common/model-store';
import { housekeeping, type HousekeepingReport } from './housekeeping';
import { purgeExpiredEvents, type PurgeReport } from './purge';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

/** Whole budget of one call, well inside the 60 s limit. */
const BUDGET_MS = 40_000;
/** Housekeeping's share; raw events get what is left (at least the rest of the budget). */
const HOUSEKEEPING_MS = 10_000;

function retentionDays(): number {
  const v = Number(process.env.QX_RETENTION_DAYS ?? 180);
  return Number.isFinite(v) && v > 0 ? v : 180;
}

export async function main(): Promise<FnReply<PurgeReport & { housekeeping: HousekeepingReport }>> {
  const { SOURCE } = cloud.getWXContext() as { SOURCE?: string };
  if (fromOutside(SOURCE)) return fail('FORBIDDEN', '仅限定时任务或管理工具调用');
  try {
    const db = new Db(cloud.database() as never);
    const t0 = Date.now();
    const kept = await housekeeping({
      db,
      files: wxModelFiles(cloud as never),
      now: Date.now,
      deadline: t0 + HOUSEKEEPING_MS,
    });
    const report = await purgeExpiredEvents({
      db,
      now: Date.now,
      retentionDays: retentionDays(),
      budgetMs: BUDGET_MS - (Date.now() - t0),
    });
    await db.setById(COLLECTIONS.jobs, 'event-retention', {
      ...report,
      retentionDays: retentionDays(),
      housekeeping: kept,
      lastRunAt: Date.now(),
    });
    return ok({ ...report, housekeeping: kept });
  } catch (err) {
    // A job: leased, resumable and guarded, so the next call (or tick) goes on from where this stopped.
    return replyOfError(err, { fn: 'retention', retrySafe: true, internal: '数据保留清理任务出错，已记录，下次定时触发会继续' });
  }
}
