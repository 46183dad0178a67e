/**
 * The text staff search names with (搜索分群名称, 搜索商品名称): checked alike by the admin
 * function's boundary and the admin page before it asks (audience/name-search.ts builds the query).
 */
import { z } from 'zod';

/** The longest search text: a rule's name is at most 20 characters (rule-schema.ts); a product's is searched by a piece. */
export const NAME_SEARCH_MAX = 20;

/** What staff typed into a name search: trimmed, 1–20 characters, no control characters. */
export const nameSearchText = z
  .string()
  .trim()
  .min(1, '请输入要搜索的名称')
  .max(NAME_SEARCH_MAX, `搜索内容最多 ${NAME_SEARCH_MAX} 个字`)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), '搜索内容不能包含控制字符');
