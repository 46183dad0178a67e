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

/** The Chinese name of an issue's field: its innermost named key (`items.0.quantity` → 数量), else null. */
export function fieldName(path: IssueLike['path']): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string') return Object.prototype.hasOwnProperty.call(FIELD_NAMES, key) ? FIELD_NAMES[key] : null;
  }
  return null;
}

/**
 * `<lead>：<field> <message>` — the field in Chinese; left out when it has no Chinese name or the
 * message already says it (「搜索内容最多 50 个字」 carries its own). Without an issue, `<lead>：格式错误`.
 */
export function refusalText(lead: string, issue: IssueLike | undefined): string {
  if (!issue) return `${lead}：格式错误`;
  const field = fieldName(issue.path);
  return field && !issue.message.includes(field) ? `${lead}：${field}${issue.message}` : `${lead}：${issue.message}`;
}
