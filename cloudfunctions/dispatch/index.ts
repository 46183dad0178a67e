/**
 * `dispatch` cloud function: timer (every minute) and "dispatch now" from the admin function run
 * the paged, resumable dispatcher; customers report subscribe results with `recordSubscribe`.
 */
import cloud from 'wx-server-sdk';
import { Db } from '../common/db/wx-db';
import { handleDispatch } from '../common/dispatch/handler';
import type { SubscribeMessage } from '../common/dispatch/send-one';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

const send = (msg: SubscribeMessage): Promise<unknown> => cloud.openapi.subscribeMessage.send(msg);

export async function main(event: unknown): Promise<unknown> {
  const ctx = cloud.getWXContext() as { OPENID?: string; SOURCE?: string };
  return handleDispatch(event, new Db(cloud.database() as never), send, ctx);
}
