/**
 * `retention` cloud function (timer, daily 03:30 UTC+8): purges raw events older than
 * QX_RETENTION_DAYS (default 180) by event time. Progress is recorded in `jobs` (`event-retention`).
 */
import cloud from 'wx-server-sdk';
import { COLLECTIONS } from '../common/contracts/collections';
import { fail, ok, type FnReply } from '../common/contracts/errors';
import { Db } from '../common/db/wx-db';
import { purgeExpiredEvents, type PurgeReport } from './purge';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

function retentionDays(): number {
  const v = Number(process.env.QX_RETENTION_DAYS ?? 180);
  return Number.isFinite(v) && v > 0 ? v : 180;
}

export async function main(): Promise<FnReply<PurgeReport>> {
  const { SOURCE } = cloud.getWXContext() as { SOURCE?: string };
  if (SOURCE === 'wx_client' || SOURCE === 'wx_http') return fail('FORBIDDEN', '仅限定时任务或管理工具调用');
  try {
    const db = new Db(cloud.database() as never);
    const report = await purgeExpiredEvents({
      db,
      now: Date.now,
      retentionDays: retentionDays(),
      budgetMs: 40_000,
    });
    await db.setById(COLLECTIONS.jobs, 'event-retention', {
      ...report,
      retentionDays: retentionDays(),
      lastRunAt: Date.now(),
    });
    return ok(report);
  } catch (err) {
    console.error('[retention] failed', err);
    return fail('INTERNAL', (err as Error).message);
  }
}
