/**
 * The text of a refusal at a function's boundary, from the first zod issue. Customers can read
 * these (shop, privacy and track answer the app), so a field is named in Chinese or not at all:
 * 「请求无效：q 搜索内容最多 50 个字」 put the wire name `q` inside a Chinese sentence. One mapping
 * for every boundary that answers the app, so a new field or boundary cannot leak a name again.
 * Only the text changes; the error code (INVALID_INPUT, UNKNOWN_ACTION) is the caller's. The admin
 * function words staff's refusals with the same {@link issueText}, naming fields by the admin
 * pages' labels instead (staff-labels.ts).
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
 * How a boundary names its fields: the field an issue is at, and a key a strict object at `parent`
 * refused (null: not named, only counted). The app's boundaries name by the innermost key
 * ({@link CUSTOMER_LABELS}); the admin's forms by path (staff-labels.ts).
 */
export interface FieldLabels {
  field(path: IssueLike['path']): string | null;
  key(parent: IssueLike['path'], key: string): string | null;
}

/** The app's boundaries (shop, privacy, track): {@link FIELD_NAMES} by innermost key. */
export const CUSTOMER_LABELS: FieldLabels = { field: fieldName, key: (_parent, key) => chineseName(key) };

/**
 * Keys a strict object refused, in Chinese: zod-zh's 「不认识的字段：x」 lists the wire names, which
 * are whatever the sender typed. Keys with a Chinese name (a field of another action) are named;
 * the others are counted, never quoted.
 */
function unknownFieldsText(issue: IssueLike, labels: FieldLabels): string {
  const keys = issue.keys ?? [];
  const where = labels.field(issue.path);
  const head = `${where ? `${where}中` : ''}含有不认识的字段`;
  const name = (k: string) => labels.key(issue.path, k);
  const named = [...new Set(keys.map(name).filter((n): n is string => n !== null))];
  if (!named.length) return head;
  const more = keys.filter((k) => name(k) === null).length;
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
 * `<field><message>` — the field as `labels` name it; left out when it has no name or the message
 * already says it (「搜索内容最多 50 个字」 carries its own). Unknown keys read 「含有不认识的字段」
 * without their wire names; a value outside a fixed list reads 未知操作 (the action) or
 * 「<field>取值不受支持」, never the list.
 */
export function issueText(issue: IssueLike, labels: FieldLabels): string {
  if (issue.code === 'unrecognized_keys') return unknownFieldsText(issue, labels);
  if (issue.code !== undefined && LISTS_WIRE_VALUES.has(issue.code)) {
    const at = issue.path[issue.path.length - 1];
    return at === 'action' ? UNKNOWN_ACTION_TEXT : `${labels.field(issue.path) ?? ''}取值不受支持`;
  }
  const field = labels.field(issue.path);
  // 「类型不正确：应为数字，实际为列表」 says 列表 of the value: the field still needs naming
  const says = issue.code !== 'invalid_type' && field !== null && issue.message.includes(field);
  return field && !says ? `${field}${issue.message}` : issue.message;
}

/** `<lead>：`{@link issueText} for the app's boundaries; without an issue, `<lead>：格式错误`. */
export function refusalText(lead: string, issue: IssueLike | undefined): string {
  return `${lead}：${issue ? issueText(issue, CUSTOMER_LABELS) : '格式错误'}`;
}
