/**
 * When a campaign will go out, and why — in words staff can act on. A campaign saved with
 * 保存并发送 at 01:58 stayed 待发送 with no word of why (quiet hours deferred it to 08:00); every
 * card, the results page and the 立即发送 answer now say it. Pure: the time is an argument.
 */
import type { SkipReason } from './targeting';
import type { Campaign } from './campaign-schema';
import type { CampaignFault } from '../dispatch/send-policy';
import { describeCron } from '../contracts/schedule-pick';
import { inQuietHours, quietHoursEnd, type QuietHours } from './schedule';
import { beijingClock } from '../beijing-time';
import { nextSendHold } from './next-send';

/** The dispatch timer fires every minute (cloudfunctions/dispatch/config.json). */
const DISPATCH_TICK_TEXT = '1 分钟内';

/** What staff see about a campaign's next send. */
export interface CampaignTiming {
  /** `due`: goes out at the next dispatch tick; `deferred`: waiting for quiet hours to end. */
  state: 'draft' | 'due' | 'scheduled' | 'deferred' | 'running' | 'done' | 'paused';
  /** When the next send starts (ms), when known. */
  at: number | null;
  /** One sentence in Chinese. */
  text: string;
}

/** A campaign as far as timing goes. */
export type TimedCampaign = Pick<Campaign, 'status' | 'schedule' | 'nextRunAt' | 'quietHours' | 'pausedReason' | 'pausedBy'> & {
  /** Set by the dispatcher when it moved the run out of quiet hours. */
  deferredReason?: 'quiet_hours' | 'daily_quota' | 'subscribe_banned' | null;
  lastPassAt?: number;
};

const pad = (n: number): string => String(n).padStart(2, '0');
/** `12-05 08:00`, Beijing time. */
export function beijingTime(ms: number): string {
  const d = beijingClock(ms);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** WeChat's daily quota of the app was reached (45009): sending continues the next day. */
const QUOTA_TEXT = '微信今日发送次数已达上限';

/**
 * WeChat answered 43107 (run-dispatch.ts): the app's subscribe messages or this template are
 * banned (WeChat's code says one or the other; the banner says which the evidence shows). Tries
 * back off (ban-backoff.ts) until one goes through.
 */
export const BANNED_TEXT = '微信拒绝发送本活动的通知（错误码 43107：订阅消息被封禁），发送已暂停；解封后自动继续（试发间隔逐次加长，最长 1 小时），未发送的客户不会遗漏；可点「暂停发送」停下本活动';

/**
 * Why the dispatcher paused a campaign (send-policy.ts CAMPAIGN_FAULT_CODES): WeChat refused its
 * page (41030) or its template (40037); staff must fix it, and sending it again resumes.
 */
const FAULT_TEXT: Record<CampaignFault, string> = {
  page_invalid: '通知跳转页面无效，请修改活动后再发送',
  template_invalid: '订阅消息模板已失效（可能已在微信公众平台删除），请检查模板后修改活动再发送',
};

const quietText = (q: QuietHours): string => `免打扰时段 ${q.start}–${q.end}（北京时间）不发送服务通知`;

/** When a banned template is next tried, in words (due already: the next tick). */
const nextTryText = (at: number, now: number): string => (at <= now ? DISPATCH_TICK_TEXT : `${beijingTime(at)}（北京时间）`);

/** A staff pause written over by an older dispatcher (README "Updating a running environment"). */
const WRITTEN_OVER_TEXT = '已由员工暂停：不会发送，到发送时间会再次转为暂停；点「立即发送」后，只发给还没收到的客户，每人一次';

/**
 * Explains the next send of `c` at time `now`. `banTryAt`: when its template, refused with 43107,
 * is next tried (dispatch/ban-backoff.ts), if it is; a due campaign waits for that, not the tick.
 */
export function explainTiming(c: TimedCampaign, now: number, banTryAt?: number | null): CampaignTiming {
  const cronText = c.schedule.kind === 'cron' ? `（定时：${describeCron(c.schedule.cron)}）` : '';
  // A staff pause that a dispatcher from before pauses wrote over (`pausedBy` left on a scheduled
  // campaign): the dispatcher pauses it again when it comes due, before any other check, and sends
  // nothing (dispatch/run-dispatch.ts), so the card must not say when it will be sent.
  if (c.status === 'scheduled' && typeof c.pausedBy === 'string') return { state: 'paused', at: null, text: WRITTEN_OVER_TEXT };
  if (typeof banTryAt === 'number' && (c.status === 'running' || c.status === 'scheduled')) return bannedTiming(c, now, banTryAt, cronText);
  switch (c.status) {
    case 'draft':
      return { state: 'draft', at: null, text: '草稿：还未安排发送，点「立即发送」后才会发出' };
    case 'paused':
      if (c.pausedReason)
        return { state: 'paused', at: null, text: `已暂停：${FAULT_TEXT[c.pausedReason]}（未发送的客户会在重新发送后收到）` };
      if (c.pausedBy) return { state: 'paused', at: null, text: '已由员工暂停：不会发送；点「继续发送」后，只发给还没收到的客户，每人一次' };
      return { state: 'paused', at: null, text: '已暂停：不会发送，直到重新安排' };
    case 'running':
      if (c.deferredReason === 'daily_quota' && (c.nextRunAt ?? 0) > now)
        return { state: 'deferred', at: c.nextRunAt, text: `${QUOTA_TEXT}，将于 ${beijingTime(c.nextRunAt as number)} 自动继续` };
      if (c.deferredReason === 'subscribe_banned') return { state: 'deferred', at: null, text: BANNED_TEXT };
      return { state: 'running', at: now, text: '正在发送：按频率上限和授权逐个发送' };
    case 'done':
      return {
        state: 'done',
        at: null,
        text: c.lastPassAt ? `已完成：最后一次发送于 ${beijingTime(c.lastPassAt)}` : '已完成',
      };
  }
  const planned = Math.max(c.nextRunAt ?? now, now);
  const q = c.quietHours ?? null;
  if (q && inQuietHours(q, planned)) {
    const at = quietHoursEnd(q, planned);
    return { state: 'deferred', at, text: `将于 ${beijingTime(at)} 发送${cronText}：${quietText(q)}，到时自动开始` };
  }
  if (c.deferredReason === 'quiet_hours' && q && planned > now)
    return { state: 'deferred', at: planned, text: `将于 ${beijingTime(planned)} 发送：${quietText(q)}，已推迟到时段结束` };
  if (planned - now <= 60_000)
    return { state: 'due', at: planned, text: `待发送：${DISPATCH_TICK_TEXT}开始发送${cronText}` };
  return { state: 'scheduled', at: planned, text: `将于 ${beijingTime(planned)} 发送${cronText}` };
}

/** Said after another hold's time while the campaign's template is refused (43107). */
const BAN_NOTE = '；本活动的通知模板目前被微信拒绝（错误码 43107），届时先试发，仍被拒绝就等解封后自动发送';

/**
 * A due or running campaign whose template WeChat refused: what holds its next send (next-send.ts).
 * 「等待解封」 only when the ban's next try is what it waits for; quiet hours, the quota day or its
 * schedule otherwise, with the ban said after.
 */
function bannedTiming(c: TimedCampaign, now: number, banTryAt: number, cronText: string): CampaignTiming {
  const hold = nextSendHold(c, now, banTryAt);
  const at = hold.at;
  const verb = c.status === 'running' ? '继续发送' : '发送';
  switch (hold.reason) {
    case 'quiet_hours':
      return { state: 'deferred', at, text: `将于 ${beijingTime(at)} ${verb}：${quietText(c.quietHours as QuietHours)}${BAN_NOTE}` };
    case 'daily_quota':
      return { state: 'deferred', at, text: `${QUOTA_TEXT}，将于 ${beijingTime(at)} 自动继续${BAN_NOTE}` };
    case 'schedule':
      return { state: 'scheduled', at, text: `将于 ${beijingTime(at)} ${verb}${cronText}${BAN_NOTE}` };
    default:
      if (c.deferredReason === 'subscribe_banned') return { state: 'deferred', at, text: `${BANNED_TEXT}；下次试发：${nextTryText(banTryAt, now)}` };
      return { state: 'deferred', at, text: `等待解封：本活动的通知模板被微信拒绝（错误码 43107），下次试发：${nextTryText(banTryAt, now)}；解封后自动发送，可点「暂停发送」停下本活动` };
  }
}

/** One line for the 立即发送 answer: what the dispatcher did with this campaign just now. */
export function describeDispatch(campaignId: string, run: unknown, timing: CampaignTiming): string {
  const data = (run as { ok?: boolean; data?: DispatchData } | null)?.data;
  if (!run) return timing.text;
  if ((run as { ok?: boolean }).ok === false) return `发送没有开始：${(run as { error?: { message?: string } }).error?.message ?? '调度失败'}；${timing.text}`;
  if (data?.status === 'busy') return `另一轮发送正在进行，本活动会在其后发送；${timing.text}`;
  const deferred = data?.deferred?.find((d) => d.campaignId === campaignId);
  if (deferred?.reason === 'daily_quota') return `${QUOTA_TEXT}，未发送的客户将于 ${beijingTime(deferred.until)} 自动继续发送`;
  if (deferred) return `现在处于免打扰时段，没有发送；已推迟到 ${beijingTime(deferred.until)} 自动发送`;
  if (data?.banned) {
    const sent = data.passes?.find((p) => p.campaignId === campaignId)?.counts?.sent ?? 0;
    return sent ? `已发送 ${sent} 条；${BANNED_TEXT}` : BANNED_TEXT;
  }
  const paused = data?.paused?.find((p) => p.campaignId === campaignId);
  if (paused) return `已暂停：${FAULT_TEXT[paused.reason as CampaignFault] ?? FAULT_TEXT.page_invalid}`;
  const pass = data?.passes?.find((p) => p.campaignId === campaignId);
  if (!pass) return timing.text;
  const n = pass.counts ?? {};
  // No grant left: found by the targeting check (skip_no_grant) or when the grant was taken at send (no_grant).
  const noGrant = (n.no_grant ?? 0) + (n.skip_no_grant ?? 0);
  const parts = [`已发送 ${n.sent ?? 0} 条`, `无授权（未订阅该通知）跳过 ${noGrant} 人`, `对照组 ${n.holdout ?? 0} 人`];
  if (n.failed) parts.push(`失败 ${n.failed} 条`);
  for (const [k, v] of Object.entries(n)) {
    if (!k.startsWith('skip_') || k === 'skip_no_grant' || !v) continue;
    parts.push(`${SKIP_TEXT[k.slice(5) as SkipReason] ?? '其他原因'}跳过 ${v} 人`);
  }
  return `${parts.join('，')}${pass.finished ? '，本轮已全部处理' : '，未处理完的会在下一分钟继续'}`;
}

/** Why dispatch passed a customer over (its `skip_<reason>` counts), in staff's words. */
const SKIP_TEXT: Partial<Record<SkipReason, string>> = {
  no_consent: '未同意数据收集',
  personalization_off: '关闭了个性化推送',
  not_in_segment: '不在目标分群',
  filtered_out: '未通过筛选条件',
  frequency_cap: '达到频次上限',
};

interface DispatchData {
  status?: string;
  deferred?: Array<{ campaignId: string; until: number; reason?: string }>;
  paused?: Array<{ campaignId: string; reason?: string }>;
  banned?: { campaignId: string; templateId: string };
  passes?: Array<{ campaignId: string; finished?: boolean; counts?: Record<string, number> }>;
}
