/**
 * WeChat subscribe-message field-type rules (subscribeMessage.send, "订阅消息参数值内容限制").
 * A template key's type is its name without the trailing digits: `thing1` → `thing`.
 * The product checks these when staff SAVE a campaign and again per customer before a grant is
 * consumed, so a bad value never costs a customer's one-time grant (WeChat answers 47003).
 */

/** The value types WeChat documents for template keys. */
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

const ONLY_HAN = /^\p{Script=Han}+$/u;
const SYMBOLS = /^[\p{P}\p{S}]+$/u;
const CLOCK = '([01]?\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?';
const DAY = '(\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}-\\d{1,2}-\\d{1,2})';
const DATE = new RegExp(`^${DAY}( ${CLOCK})?$`);
const TIME = new RegExp(`^(${DAY} )?${CLOCK}$`);

interface Rule {
  /** What staff read when the value is refused (Simplified Chinese: shown in the editor). */
  describe: string;
  check(v: string): boolean;
}

const len = (v: string): number => [...v].length;

/** One rule per type, mirroring WeChat's documented limits. */
export const FIELD_RULES: Record<FieldType, Rule> = {
  thing: { describe: '20 个以内字符（汉字、字母、数字、符号）', check: (v) => len(v) >= 1 && len(v) <= 20 },
  number: { describe: '32 位以内数字，可带小数', check: (v) => /^-?\d+(\.\d+)?$/.test(v) && len(v) <= 32 },
  letter: { describe: '32 位以内字母', check: (v) => /^[A-Za-z]{1,32}$/.test(v) },
  symbol: { describe: '5 位以内符号', check: (v) => len(v) <= 5 && SYMBOLS.test(v) },
  character_string: {
    describe: '32 位以内数字、字母或符号（不含汉字）',
    check: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
  },
  time: { describe: '24 小时制时间，如 15:01 或 2019年10月1日 15:01', check: (v) => TIME.test(v) },
  date: { describe: '日期，如 2019年10月1日 或 2019年10月1日 15:01', check: (v) => DATE.test(v) },
  amount: {
    describe: '1 个币种符号或结尾的“元” + 10 位以内纯数字，可带两位小数',
    check: (v) => /^[¥￥$]?\d{1,10}(\.\d{1,2})?$/.test(v) || /^\d{1,10}(\.\d{1,2})?元$/.test(v),
  },
  phone_number: {
    describe: '17 位以内数字或符号',
    check: (v) => /^[\d+\-() ]{1,17}$/.test(v) && /\d/.test(v),
  },
  car_number: {
    describe: '8 位以内车牌号，首尾可为汉字',
    check: (v) => len(v) <= 8 && /^\p{Script=Han}?[A-Za-z0-9]+\p{Script=Han}?$/u.test(v),
  },
  name: {
    describe: '10 个以内纯汉字或 20 个以内纯字母',
    check: (v) => (ONLY_HAN.test(v) && len(v) <= 10) || /^[A-Za-z ]{1,20}$/.test(v),
  },
  phrase: { describe: '5 个以内汉字', check: (v) => ONLY_HAN.test(v) && len(v) <= 5 },
};

/** The type of a template key (`amount2` → `amount`), or null when WeChat has no such type. */
export function fieldTypeOf(key: string): FieldType | null {
  const base = key.replace(/\d+$/, '');
  return base in FIELD_RULES ? (base as FieldType) : null;
}

/**
 * What staff read for a template field of unknown type (a key of a type WeChat does not have): its
 * key means nothing to them, and the editor has no box for it.
 */
export const UNKNOWN_FIELD_TYPE_TEXT = '模板中有一项内容的类型微信不支持，请检查公众平台上的模板后重新打开编辑页';

/**
 * What staff call a template key when its name is not at hand (dispatch renders without the
 * template's labels; its refusals are counted, not read). Staff's labels are WeChat's keyword
 * names (温馨提示, 商品名称: campaign/merchant-templates.ts); the key (`thing4`) is the wire name
 * WeChat receives, never shown to staff.
 */
export const UNNAMED_FIELD = '该项内容';

/**
 * Why `value` is refused for template key `key`, or null when WeChat would accept it; `label` is
 * the field's keyword name as staff read it (merchant-templates.ts).
 */
export function checkFieldValue(key: string, value: string, label = UNNAMED_FIELD): string | null {
  const type = fieldTypeOf(key);
  if (!type) return UNKNOWN_FIELD_TYPE_TEXT;
  const rule = FIELD_RULES[type];
  if (value.trim() === '') return `「${label}」不能为空`;
  return rule.check(value) ? null : `「${label}」的值“${value}”不符合规则：${rule.describe}`;
}
