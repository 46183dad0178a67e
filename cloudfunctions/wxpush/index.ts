/**
 * `wxpush` cloud function: the mini program's message push (云开发 → 设置 → 其他设置 → 消息推送,
 * 推送模式 云函数) routes `subscribe_msg_popup_event`, `subscribe_msg_change_event` and
 * `subscribe_msg_sent_event` here. The only source of grants and delivery results.
 * Identity and origin come only from `cloud.getWXContext()` (see common/wxpush/push-source.ts).
 */
import cloud from 'wx-server-sdk';
import { MERCHANT_TEMPLATE_IDS } from '../common/campaign/merchant-templates';
import { Db } from '../common/db/wx-db';
import { handleWxPush } from '../common/wxpush/handler';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export async function main(event: unknown): Promise<unknown> {
  const ctx = cloud.getWXContext() as { OPENID?: string; SOURCE?: string };
  return handleWxPush(event, ctx, {
    db: new Db(cloud.database() as never),
    knownTemplates: MERCHANT_TEMPLATE_IDS,
    pinnedSources: process.env.QX_WXPUSH_SOURCES,
    log: (line) => console.log(line),
  });
}
