/**
 * `privacy` cloud function: consent, personalised-push opt-out, export, deletion and the
 * plain-words profile summary (PIPL art. 15/24/45/47). Request `{action, ...}`; identity from
 * `cloud.getWXContext().OPENID` only.
 */
import cloud from 'wx-server-sdk';
import { fail, ok, type FnReply } from '../common/contracts/errors';
import { replyOfError } from '../common/contracts/reply-of-error';
import { isRetrySafeAction, RETRY_SAFE_ACTIONS } from '../common/contracts/retry-safe';
import { Db } from '../common/db/wx-db';
import { wxModelFiles } from '../common/model-store/wx-ports';
import { handlePrivacy } from './handler';
import { PRIVACY_ACTIONS } from './request';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
let db: Db | undefined;
/**
 * Whether each action may be retried as it is: the reads, where a database timeout is UNAVAILABLE;
 * the writes answer INTERNAL. A Record over the actions, so a new one cannot skip the choice.
 */
export const RETRY_SAFE: Record<(typeof PRIVACY_ACTIONS)[number], boolean> = RETRY_SAFE_ACTIONS.privacy;

export async function main(event: unknown): Promise<FnReply<unknown>> {
  const openid = cloud.getWXContext().OPENID;
  if (!openid) return fail('UNAUTHENTICATED', '无法识别用户身份（缺少 OPENID）');
  db ??= new Db(cloud.database() as never);
  try {
    return ok(await handlePrivacy(event, { db, files: wxModelFiles(cloud as never), openid, now: Date.now }));
  } catch (err) {
    return replyOfError(err, { fn: 'privacy', retrySafe: isRetrySafeAction('privacy', (event as { action?: unknown } | null)?.action), internal: '服务暂时不可用，请稍后重试' });
  }
}
