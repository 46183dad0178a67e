/**
 * The campaigns page's banner while WeChat refuses the app's subscribe messages (43107, recorded by
 * the dispatcher: common/dispatch/template-faults.ts): what happened, what staff should do, and
 * when it was seen. Pure, so its words are tested without a page.
 */
import type { TemplateFault } from '../../../../cloudfunctions/common/contracts/admin-replies';
import { shortTime } from '../services/format';

/** The banner's lines, or null when no template is banned. */
export function banBannerText(banned: readonly TemplateFault[], titles: Record<string, string>): { title: string; lines: string[] } | null {
  if (!banned.length) return null;
  const since = Math.min(...banned.map((b) => b.since));
  const last = Math.max(...banned.map((b) => b.lastSeenAt));
  const names = banned.map((b) => `「${titles[b.templateId] ?? b.templateId}」`).join('、');
  return {
    title: '订阅消息发送已暂停：微信封禁了本小程序的订阅消息能力',
    lines: [
      `微信拒绝发送（错误码 43107 订阅消息能力封禁），涉及通知：${names}。首次发现 ${shortTime(since)}，最近一次 ${shortTime(last)}（北京时间）。`,
      '请登录微信公众平台（mp.weixin.qq.com），在站内信和「违规记录」中查看封禁原因与期限，按要求整改后申诉。',
      '没有客户被记为发送失败，订阅次数也已退回。系统每分钟自动试发一次，解封后自动继续，每位客户只会收到一次；若只封禁了部分通知模板，使用其他模板的活动照常发送。',
    ],
  };
}
