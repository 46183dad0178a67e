/**
 * What staff did, as the 活动 page lists it: a campaign's 操作记录 (暂停发送 / 继续发送) and the ban
 * banner's 立即重试 requests — newest first, each with its Beijing time and who (the server's label:
 * common/admin/staff-names.ts). Pure, so the words are tested without a page.
 */
import type { BanRetryRequest, StaffLogEntry } from '../../../../cloudfunctions/common/contracts/admin-replies';
import { shortTime } from '../services/format';

/** Lines shown before 「查看全部」. */
export const STAFF_LOG_SHOWN = 3;

const ACTION_TEXT: Record<StaffLogEntry['action'], string> = { pause: '暂停发送', resume: '继续发送' };

/** `12-07 13:20（北京时间） 演示店员 暂停发送`, newest first. */
export function staffLogLines(log: readonly StaffLogEntry[] | undefined): string[] {
  return [...(log ?? [])].sort((a, b) => b.at - a.at).map((e) => `${shortTime(e.at)}（北京时间） ${e.who} ${ACTION_TEXT[e.action] ?? e.action}`);
}

/** `12-07 13:20（北京时间） 演示店员 点了「立即重试」`, newest first; an earlier function's answer names no one. */
export function retryLines(retries: readonly BanRetryRequest[] | undefined): string[] {
  return [...(retries ?? [])].sort((a, b) => b.at - a.at).map((r) => `${shortTime(r.at)}（北京时间） ${r.who ?? '员工'} 点了「立即重试」`);
}
