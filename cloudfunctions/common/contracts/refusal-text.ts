/**
 * The text of a refusal at a function's boundary, from the first zod issue. Customers can read
 * these (shop, privacy and track answer the app), so a field is named in Chinese or not at all:
 * 「请求无效：q 搜索内容最多 50 个字」 put the wire name `q` inside a Chinese sentence. One mapping
 * for every boundary that answers the app, so a new field or boundary cannot leak a name again.
 * Only the text changes; the error code (INVALID_INPUT, UNKNOWN_ACTION) is the caller's.
 */
import './zod-zh';

/** What a refusal needs of a zod issue (its path and its message, already Chinese: zod-zh.ts). */
export interface IssueLike {
  path: ReadonlyArray<string | number>;
  message: string;
  /** zod's issue code: `unrecognized_keys` is worded from {@link keys}, never from its message. */
  code?: string;
  /** The keys a strict object did not know (zod's `unrecognized_keys`). */
  keys?: ReadonlyArray<string>;
}

/**
 * Chinese names of the request fields the app sends (shop, privacy, track). A field not listed is
 * left out of the text rather than named by its wire name.
 */
export const FIELD_NAMES: Readonly<Record<string, string>> = {
  action: '操作',
  q: '搜索内容',
  categoryId: '品类',
  page: '页码',
  after: '翻页位置',
  productId: '商品',
  orderKey: '下单编号',
  items: '商品清单',
  quantity: '数量',
  version: '同意书版本',
  enabled: '个性化推送设置',
  cursor: '导出进度',
  events: '事件列表',
  sentAt: '发送时间',
  importFor: '导入对象',
};

const chineseName = (key: string): string | null => (Object.prototype.hasOwnProperty.call(FIELD_NAMES, key) ? FIELD_NAMES[key] : null);

/** The Chinese name of an issue's field: its innermost named key (`items.0.quantity` → 数量), else null. */
export function fieldName(path: IssueLike['path']): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string') return chineseName(key);
  }
  return null;
}

/**
 * Keys a strict object refused, in Chinese: zod-zh's 「不认识的字段：x」 lists the wire names, which
 * are whatever the sender typed. Keys with a Chinese name (a field of another action) are named;
 * the others are counted, never quoted.
 */
function unknownFieldsText(issue: IssueLike): string {
  const keys = issue.keys ?? [];
  const where = fieldName(issue.path);
  const head = `${where ? `${where}中` : ''}含有不认识的字段`;
  const named = [...new Set(keys.map(chineseName).filter((n): n is string => n !== null))];
  if (!named.length) return head;
  const more = keys.filter((k) => chineseName(k) === null).length;
  return `${head}：${named.join('、')}${more ? `，另有 ${more} 个` : ''}`;
}

/**
 * What an app-facing boundary says of an action it does not know: an app released before its
 * functions were updated sends one, and zod-zh's 「应为 listProducts、getProduct… 之一」 would show
 * the customer every wire name. Same words as the admin function's.
 */
export const UNKNOWN_ACTION_TEXT = '未知操作';

/** Issues whose zod-zh message lists the accepted wire values (`应为 a、b 之一`, `应为 "x"`). */
const LISTS_WIRE_VALUES = new Set(['invalid_union_discriminator', 'invalid_enum_value', 'invalid_literal']);

/**
 * `<lead>：<field> <message>` — the field in Chinese; left out when it has no Chinese name or the
 * message already says it (「搜索内容最多 50 个字」 carries its own). Unknown keys read
 * 「含有不认识的字段」 without their wire names; a value outside a fixed list reads 未知操作 (the
 * action) or 「<field>取值不受支持」, never the list. Without an issue, `<lead>：格式错误`.
 */
export function refusalText(lead: string, issue: IssueLike | undefined): string {
  if (!issue) return `${lead}：格式错误`;
  if (issue.code === 'unrecognized_keys') return `${lead}：${unknownFieldsText(issue)}`;
  if (issue.code !== undefined && LISTS_WIRE_VALUES.has(issue.code)) {
    const at = issue.path[issue.path.length - 1];
    return `${lead}：${at === 'action' ? UNKNOWN_ACTION_TEXT : `${fieldName(issue.path) ?? ''}取值不受支持`}`;
  }
  const field = fieldName(issue.path);
  return field && !issue.message.includes(field) ? `${lead}：${field}${issue.message}` : `${lead}：${issue.message}`;
}
