/**
 * `rebuild` cloud function (timer, every 10 minutes): repairs profiles whose events were stored
 * but never applied, and advances the daily full rebuild of profiles from raw events.
 * Manual start (devtools/trigger only, never a client): `{ action: 'start', horizonDays?: number|null }`.
 */
import cloud from 'wx-server-sdk';
import { fromOutside } from '../common/admin/guard';
import { z } from 'zod';
import { fail, ok, QxError, type FnReply } from '../common/contracts/errors';
import { replyOfError } from '../common/contracts/reply-of-error';
import { requestOf } from '../common/contracts/platform-event';
import { Db } from '../common/db/wx-db';
import { runRebuildJob, type RebuildRunReport } from './job';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

const request = z.union([
  z
    .object({ action: z.literal('start'), horizonDays: z.number().int().min(1).nullable().optional() })
    .strict(),
  z.object({ action: z.literal('run').optional() }).passthrough(),
]);

/** Raw-event retention in days (QX_RETENTION_DAYS, default 180); also the rebuild horizon. */
export function retentionDays(): number {
  const v = Number(process.env.QX_RETENTION_DAYS ?? 180);
  return Number.isFinite(v) && v > 0 ? v : 180;
}

export async function main(event: unknown): Promise<FnReply<RebuildRunReport>> {
  const { SOURCE } = cloud.getWXContext() as { SOURCE?: string };
  if (fromOutside(SOURCE)) return fail('FORBIDDEN', '仅限定时任务或管理工具调用');
  let req;
  try {
    req = request.safeParse(requestOf(event ?? {}));
  } catch (err) {
    if (err instanceof QxError) return fail(err.code, err.message, err.details);
    throw err;
  }
  if (!req.success) return fail('INVALID_INPUT', req.error.issues[0].message);
  const start =
    'action' in req.data && req.data.action === 'start'
      ? { horizonDays: (req.data.horizonDays as number | null | undefined) ?? null }
      : undefined;
  try {
    const db = new Db(cloud.database() as never);
    return ok(
      await runRebuildJob({ db, now: Date.now, budgetMs: 40_000, retentionDays: retentionDays(), start }),
    );
  } catch (err) {
    // A job: leased, resumable and guarded, so the next call (or tick) goes on from where this stopped.
    return replyOfError(err, { fn: 'rebuild', retrySafe: true, internal: '画像重建任务出错，已记录，下次定时触发会继续' });
  }
}
