/**
 * The customer's segment as a subscribe-message value — ONE function used both when staff save a
 * campaign (every known segment is rendered and checked) and when the dispatcher sends (this
 * customer's value), so a campaign that passed validation never meets a value WeChat refuses.
 *
 * - `phrase*` keys (≤ 5 Chinese characters, no symbols) take only `segmentPhrase`: full names such
 *   as 沉睡/流失风险·季度低消费 break the phrase rule and WeChat answers 47003.
 * - `thing*` keys (≤ 20 characters) take `segmentPhrase`, or `segmentName` shortened to fit.
 * - Other key types cannot show a segment (names carry symbols; 姓名/号码 fields are not for it).
 */
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
export function segmentSourceProblem(key: string, field: SegmentField): string | null {
  const type = fieldTypeOf(key);
  if (type === 'phrase') {
    return field === 'segmentPhrase'
      ? null
      : `${key} 是 phrase 字段（5 个以内汉字），分群名称可能更长或带符号，请改用“客户分群（短语）”`;
  }
  if (type === 'thing') return null;
  return `${key}（${type ?? '未知类型'}）不能填写客户分群，分群只能用于 thing 或 phrase 字段`;
}

/** The value of `field` for template key `key` (null when the profile lacks it or the key refuses it). */
export function segmentValue(
  key: string,
  field: SegmentField,
  p: SegmentLike | null | undefined,
): string | null {
  if (segmentSourceProblem(key, field)) return null;
  const v = p?.[field];
  if (typeof v !== 'string' || v.trim() === '') return null;
  return fieldTypeOf(key) === 'thing' ? shortenForThing(v) : v;
}
