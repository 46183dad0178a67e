/**
 * The customer's segment as a subscribe-message value — ONE function used both when staff save a
 * campaign (every known segment is rendered and checked) and when the dispatcher sends (this
 * customer's value), so a campaign that passed validation never meets a value WeChat refuses.
 *
 * The value is the CUSTOMER's wording of their segment (segments/customer-wording.ts: 好久不见,
 * 老朋友), never staff's name: a service notice that told a customer 沉睡/流失风险 or 差评风险
 * would be a label nobody should receive. Every such name is ≤ 5 Chinese characters without
 * symbols, so it fits both field types that may show a segment:
 * - `phrase*` keys (≤ 5 Chinese characters, no symbols) and `thing*` keys (≤ 20 characters) take
 *   either field; the two fields (`segmentName`, `segmentPhrase`, kept for stored campaigns)
 *   render the same wording.
 * - Other key types cannot show a segment (姓名/号码/金额 fields are not for it).
 */
import { customerWording } from '../segments/customer-wording';
import { fieldTypeOf } from './field-rules';

/** Profile fields a campaign may map. */
export type SegmentField = 'segmentName' | 'segmentPhrase';

/** What a value is read from: the profile's segment fields (or a known segment at save time). */
export interface SegmentLike {
  segmentName?: unknown;
  segmentPhrase?: unknown;
}

/** WeChat's `thing` limit. */
export const THING_MAX_CHARS = 20;

/** `s` within `max` characters (code points): cut with a trailing … when longer. */
export function shortenForThing(s: string, max = THING_MAX_CHARS): string {
  const chars = [...s.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Why `field` may not fill template key `key` (a message for staff), or null when it may. */
export function segmentSourceProblem(key: string, _field: SegmentField): string | null {
  const type = fieldTypeOf(key);
  if (type === 'phrase' || type === 'thing') return null;
  return `${key}（${type ?? '未知类型'}）不能填写客户分群，分群只能用于 thing 或 phrase 字段`;
}

/** The value of `field` for template key `key` (null when the profile has no segment or the key refuses it). */
export function segmentValue(
  key: string,
  field: SegmentField,
  p: SegmentLike | null | undefined,
): string | null {
  if (segmentSourceProblem(key, field)) return null;
  const name = p?.segmentName;
  const phrase = p?.segmentPhrase;
  const has = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (!has(name) && !has(phrase)) return null;
  const v = customerWording({ phrase, name }).name;
  return fieldTypeOf(key) === 'thing' ? shortenForThing(v) : v;
}
