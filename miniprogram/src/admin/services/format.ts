/** Display helpers for the admin pages (UTC+8, Chinese units). */

/** `11-23 15:01` in Beijing time (one helper for the whole app). */
export { beijingShortTime as shortTime } from '../../services/beijing-time';

/** One figure of a card's stats (admin-shell's Stat): the value with its unit, and a hint under it. */
export interface StatFigure {
  label: string;
  value: string;
  hint?: string;
}

/** 0.1234 → `12.3%`. */
export const pct = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;

/** Signed percentage points: 0.021 → `+2.1 个百分点`. */
export const pp = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} 个百分点`;

/** Campaign status in Chinese. */
export const STATUS_TEXT: Record<string, string> = {
  draft: '草稿',
  scheduled: '待发送',
  running: '发送中',
  done: '已完成',
  paused: '已暂停',
  sent: '已发送',
  failed: '失败',
  skipped: '跳过（无授权）',
  opted_out: '跳过（发送前客户撤回同意或关闭个性化推送）',
  holdout: '对照组（不发送）',
  unknown: '结果未知',
  claimed: '处理中',
};

/**
 * WeChat error codes staff may see: every code the dispatcher records as a failure
 * (common/dispatch/send-policy.ts), in staff words. 40037, 43107 and 41030 read 「其他错误」, and
 * 40003 said 「openid」.
 */
export const ERROR_TEXT: Record<string, string> = {
  '43101': '用户未授权或次数用完',
  '47003': '模板参数不合规',
  '40003': '客户的微信身份无效',
  '40037': '订阅消息模板编号无效',
  '43107': '小程序的订阅消息能力被封禁',
  '41030': '通知跳转的页面路径不正确',
  '-1': '微信系统繁忙',
  '45011': '调用频率超限',
  '45009': '微信今日发送次数已达上限',
};

/** ErrorCode of WeChat's delivery receipt (subscribe_msg_sent_event; 0 = delivered). */
export const DELIVERY_TEXT: Record<string, string> = {
  '20001': '微信系统失败',
  '20004': '用户拒收',
};
