/**
 * `privacy` cloud function: consent, personalised-push opt-out, export, deletion and the
 * plain-words profile summary (PIPL art. 15/24/45/47). Request `{action, ...}`; identity from
 * `cloud.getWXContext().OPENID` only.
 */
import cloud from 'wx-server-sdk';
import { fail, ok, QxError, type FnReply } from '../common/contracts/errors';
import { Db } from '../common/db/wx-db';
import { wxModelFiles } from '../common/model-store/wx-ports';
import { handlePrivacy } from './handler';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
let db: Db | undefined;

export async function main(event: unknown): Promise<FnReply<unknown>> {
  const openid = cloud.getWXContext().OPENID;
  if (!openid) return fail('UNAUTHENTICATED', '无法识别用户身份（缺少 OPENID）');
  db ??= new Db(cloud.database() as never);
  try {
    return ok(await handlePrivacy(event, { db, files: wxModelFiles(cloud as never), openid, now: Date.now }));
  } catch (err) {
    if (err instanceof QxError) return fail(err.code, err.message, err.details);
    console.error('[privacy] internal error', err);
    return fail('INTERNAL', '服务暂时不可用，请稍后重试');
  }
}
