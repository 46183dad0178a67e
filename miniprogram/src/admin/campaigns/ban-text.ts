/**
 * The campaigns page's banner while WeChat refuses subscribe messages with 43107 (recorded by the
 * dispatcher: common/dispatch/template-faults.ts): what happened, as far as the evidence goes,
 * what staff should do, and when the next try is. WeChat's 43107 means the app's subscribe
 * messages OR one template are banned (Tencent Cloud's error table), so the banner says only what
 * the sends show: when another template went through after the latest ban began, the refused
 * templates; otherwise that every template tried was refused. Pure, so its words are tested
 * without a page.
 */
import type { TemplateFaults } from '../../../../cloudfunctions/common/contracts/admin-replies';
import { shortTime } from '../services/format';

/** The banner's title and lines, or null when no template is banned. */
export interface BanBannerText {
  title: string;
  lines: string[];
}

const names = (ids: readonly string[], titles: Record<string, string>): string => ids.map((t) => `「${titles[t] ?? t}」`).join('、');

/** When the next automatic try is, or that none will be made. */
function nextTryLine(f: Pick<TemplateFaults, 'banned' | 'waiting'>, now: number): string {
  if (f.waiting === 0) return '目前没有等待发送的活动使用被拒绝的模板，系统不会再试发；活动继续发送后会再试。';
  const next = Math.min(...f.banned.map((b) => b.nextTryAt ?? b.lastSeenAt + 60_000));
  const when = next <= now ? '1 分钟内' : `${shortTime(next)}（北京时间）`;
  return `下次自动试发：${when}；仍被拒绝时，间隔逐次加长（最长 1 小时）。可点「立即重试」在下一分钟试发。`;
}

/** The banner for `f` at `now`, or null when nothing is banned. */
export function banBannerText(f: Pick<TemplateFaults, 'banned' | 'lastSent' | 'waiting'>, titles: Record<string, string>, now = Date.now()): BanBannerText | null {
  const banned = f.banned;
  if (!banned.length) return null;
  const since = Math.min(...banned.map((b) => b.since));
  const last = Math.max(...banned.map((b) => b.lastSeenAt));
  const refused = names(banned.map((b) => b.templateId), titles);
  // A send that went through after the latest ban began: not everything is refused.
  const through = f.lastSent && f.lastSent.at > Math.max(...banned.map((b) => b.since)) ? f.lastSent : null;
  const seen = `首次发现 ${shortTime(since)}，最近一次 ${shortTime(last)}（北京时间）。`;
  const head = through
    ? {
        title: `订阅消息部分暂停：微信拒绝发送${refused}`,
        what: `微信对${refused}返回错误码 43107（订阅消息封禁）；${names([through.templateId], titles)}在 ${shortTime(through.at)} 仍发送成功，所以被拒绝的是这些模板，其他模板的活动照常发送。${seen}`,
      }
    : {
        title: '订阅消息发送已暂停：微信拒绝了本小程序的订阅消息',
        what: `已试发的${banned.length > 1 ? `全部 ${banned.length} 个` : ''}通知模板${refused}都被微信拒绝（错误码 43107 订阅消息封禁）。该错误码表示整个小程序或单个模板被封禁，目前无法区分是哪一种。${seen}`,
      };
  return {
    title: head.title,
    lines: [
      head.what,
      '请登录微信公众平台（mp.weixin.qq.com），在站内信和「违规记录」中查看封禁原因与期限，按要求整改后申诉。',
      nextTryLine(f, now),
      '没有客户被记为发送失败，订阅次数也已退回；解封后自动继续，每位客户只会收到一次。等待中的活动可以「暂停发送」。',
    ],
  };
}
