/**
 * What to do with a subscribeMessage.send answer — a pure function of the error code, so the
 * dispatcher's retry-or-give-up logic is testable without WeChat (as analytics-next does it).
 */

/** Permanent refusals: retrying cannot help. */
export const PERMANENT_CODES: Record<number, string> = {
  43101: '用户未授权或授权次数已用完',
  47003: '模板参数不符合字段规则',
  40003: 'openid 无效',
  40037: '模板 id 无效',
  43107: '订阅消息能力被微信封禁',
  41030: 'page 路径不正确',
  // Answered, so nothing was delivered (and no grant used); a retry today would be refused again.
  45009: '微信今日发送次数已达上限',
};

/**
 * WeChat's daily API quota of the app (45009): not about the customer, so the dispatcher stops
 * and continues the next day (run-campaign.ts) instead of failing everyone left in the audience.
 */
export const DAILY_QUOTA_CODE = 45009;

/**
 * 43107 「订阅消息能力封禁」: WeChat banned sending subscribe messages. WeChat's own send reference
 * lists no 43107 in the pages we could find (the docs corpus holds only community threads on 43101;
 * the same app may answer `ban` per template in wx.requestSubscribeMessage, and errCode 20005 "This
 * mini program was banned from subscribing messages" there). Tencent Cloud's copy of the mini
 * program error table (https://tencentcloud.com/document/product/1219/67648) reads: "Subscription
 * message capability banned — check if the account is banned from sending subscription messages or
 * if the template corresponding to the template_id is banned". So it may be the whole app or only
 * the template, and it does not say for how long. Either way it is not the customer's: the
 * dispatcher stops the whole run at the first one, gives the grant back, marks nobody failed and
 * records the ban for staff (template-faults.ts); every timer tick tries again, with the campaigns
 * whose template was refused last, so under the per-template reading the other templates keep
 * sending, and under the app-wide one each tick costs one refused call until the ban is lifted
 * (run-dispatch.ts).
 */
export const BANNED_CODE = 43107;

/**
 * Refusals about the campaign, not the customer: its page is not a page of the released mini
 * program (41030), or its template id is not (any longer) one of the app's (40037: a template
 * removed on the 公众平台 after customers granted it), so WeChat would refuse every customer of the
 * pass the same way. The dispatcher stops the campaign's pass at the first one and pauses the
 * campaign until staff fix it; the customer stays due, so after the fix they get the notice once
 * (run-dispatch.ts).
 */
export const CAMPAIGN_FAULT_CODES: Record<number, CampaignFault> = {
  41030: 'page_invalid',
  40037: 'template_invalid',
};

/** Why a campaign's pass was stopped and the campaign paused (its stored `pausedReason`). */
export type CampaignFault = 'page_invalid' | 'template_invalid';

/** Whether a send outcome is a campaign's own fault (send-one.ts answers the fault itself). */
export function isCampaignFault(v: string): v is CampaignFault {
  return Object.values(CAMPAIGN_FAULT_CODES).includes(v as CampaignFault);
}

/**
 * How far a final refusal reaches: the app's whole day (45009), the app's (or the template's)
 * subscribe-message ability until WeChat lifts a ban (43107), this campaign (41030, 40037), or only
 * this customer (anything else, and a send that went out).
 */
export function refusalScope(code: number): 'app_day' | 'app_banned' | 'campaign' | 'customer' {
  if (code === DAILY_QUOTA_CODE) return 'app_day';
  if (code === BANNED_CODE) return 'app_banned';
  if (code in CAMPAIGN_FAULT_CODES) return 'campaign';
  return 'customer';
}

/**
 * Transient refusals WeChat ANSWERED (so nothing was delivered): system busy, per-minute rate
 * limit. Only these are retried: a transport failure (timeout, reset, SDK error) is ambiguous —
 * WeChat may have delivered — and retrying it could send twice, so it is closed as `unknown`.
 */
export const RETRYABLE_CODES: Record<number, string> = { [-1]: '微信系统繁忙', 45011: '调用频率超限' };

/** The dispatcher's decision for one send attempt. */
export type SendDecision =
  | { kind: 'sent' }
  | { kind: 'permanent'; code: number; reason: string }
  | { kind: 'retry'; code: number; delayMs: number }
  | { kind: 'give_up'; code: number }
  | { kind: 'ambiguous'; code: number };

/** Code of an error that carries none (a transport failure): ambiguous by definition. */
export const NO_CODE = -99;

/** Error code of whatever `subscribeMessage.send` threw (wx-server-sdk sets `errCode`). */
export function errorCodeOf(err: unknown): number {
  const e = err as { errCode?: unknown; errcode?: unknown; code?: unknown };
  for (const v of [e?.errCode, e?.errcode, e?.code]) {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  }
  return NO_CODE;
}

/** Bounded exponential backoff with full jitter, deterministic when `rand` is supplied. */
export function backoffMs(attempt: number, baseMs: number, rand: () => number = Math.random): number {
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.5 + rand() / 2));
}

/**
 * Decision after attempt number `attempt` (1-based) ended with `code` (0 = ok).
 * Answered transient codes are retried; anything unknown is ambiguous and never retried.
 */
export function decide(
  code: number,
  attempt: number,
  maxAttempts: number,
  baseMs: number,
  rand?: () => number,
): SendDecision {
  if (code === 0) return { kind: 'sent' };
  if (code in PERMANENT_CODES) return { kind: 'permanent', code, reason: PERMANENT_CODES[code] };
  if (!(code in RETRYABLE_CODES)) return { kind: 'ambiguous', code };
  if (attempt >= maxAttempts) return { kind: 'give_up', code };
  return { kind: 'retry', code, delayMs: backoffMs(attempt, baseMs, rand) };
}

/**
 * How the grants ledger follows a final answer: the grant was consumed before sending; WeChat
 * refusing for lack of quota (43101) or an unknown user (40003) means our ledger was optimistic,
 * so zero it; a field-rule refusal (47003), a page not in the mini program (41030), a template
 * that is not the app's (40037), the app's daily send limit (45009) and a banned ability (43107)
 * happen before WeChat touches the customer's grant, so refund it. (Were a 43107 ever to use the
 * grant at WeChat, the ledger would be one too high: the next send's 43101 zeroes it, sending
 * nothing twice.)
 */
export function ledgerAction(code: number): 'zero' | 'refund' | 'keep' {
  if (code === 43101 || code === 40003) return 'zero';
  if (code === 47003 || code === 45009 || code === 41030 || code === 40037 || code === 43107) return 'refund';
  return 'keep';
}
