/**
 * WeChat's value rules for subscribe-message template fields, by the type prefix of the field key
 * (`thing1` → thing). A value that breaks its rule makes subscribeMessage.send fail with 47003.
 * Rules as documented for 订阅消息 (参数值内容限制).
 */

/** Field types WeChat defines for subscribe-message templates. */
export type FieldType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

/** The type of a field key (`character_string7` → character_string), or null when unknown. */
export function fieldTypeOf(key: string): FieldType | null {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  if (!m) return null;
  const t = m[1] as FieldType;
  return t in RULES ? t : null;
}

const HAN = '\\p{Script=Han}';
const DATE = `(\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{4}/\\d{1,2}/\\d{1,2})`;
const CLOCK = '([01]?\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?';
const DATE_TIME = `${DATE}(\\s*${CLOCK})?`;
const TIME_POINT = `(${DATE}\\s*)?${CLOCK}`;
const range = (p: string) => new RegExp(`^${p}(\\s*~\\s*${p})?$`, 'u');

const len = (s: string) => [...s].length;

/** Each rule answers null when the value is fine, or why it is not. */
const RULES: Record<FieldType, (v: string) => string | null> = {
  thing: (v) => (len(v) > 20 ? 'is longer than 20 characters' : null),
  number: (v) => (len(v) <= 32 && /^-?\d+(\.\d+)?$/.test(v) ? null : 'must be a number of at most 32 digits'),
  letter: (v) => (/^[A-Za-z]{1,32}$/.test(v) ? null : 'must be at most 32 letters'),
  symbol: (v) => (len(v) <= 5 && /^[\p{P}\p{S}]+$/u.test(v) ? null : 'must be at most 5 symbols'),
  character_string: (v) =>
    len(v) <= 32 && /^[\x21-\x7e]+$/.test(v) ? null : 'must be at most 32 letters, digits or symbols',
  time: (v) => (range(TIME_POINT).test(v) ? null : 'must be a 24-hour time such as 15:01 or 2019年10月1日 15:01'),
  date: (v) => (range(DATE_TIME).test(v) ? null : 'must be a date such as 2019年10月1日 or 2019-10-01'),
  amount: (v) =>
    /^[￥¥$€£]?\d{1,10}(\.\d{1,2})?元?$/u.test(v) && !/^[￥¥$€£].*元$/u.test(v)
      ? null
      : 'must be a currency symbol and at most 10 digits (e.g. ￥100.00 or 100元)',
  phone_number: (v) => (len(v) <= 17 && /^[\d+\-() ]+$/.test(v) && /\d/.test(v) ? null : 'must be at most 17 digits or symbols'),
  car_number: (v) =>
    len(v) <= 8 && new RegExp(`^(${HAN}|[A-Za-z0-9])[A-Za-z0-9]*(${HAN}|[A-Za-z0-9])?$`, 'u').test(v)
      ? null
      : 'must be a licence plate of at most 8 characters',
  name: (v) => {
    if (new RegExp(`${HAN}`, 'u').test(v)) return len(v) <= 10 ? null : 'must be at most 10 characters';
    return len(v) <= 20 && /^[A-Za-z\s\p{P}\p{S}]+$/u.test(v) ? null : 'must be at most 20 letters';
  },
  phrase: (v) => (new RegExp(`^${HAN}{1,5}$`, 'u').test(v) ? null : 'must be at most 5 Chinese characters'),
};

/** Why `value` breaks the rule of field `key`, or null when it is acceptable. */
export function checkFieldValue(key: string, value: unknown): string | null {
  const type = fieldTypeOf(key);
  if (!type) return 'has an unknown field type';
  if (typeof value !== 'string' && typeof value !== 'number') return 'must be a string';
  const v = String(value);
  if (v.trim() === '') return 'is empty';
  return RULES[type](v);
}
