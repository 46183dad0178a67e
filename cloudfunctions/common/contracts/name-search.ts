/**
 * The text staff search names with (搜索分群名称, 搜索商品名称): checked alike by the admin
 * function's boundary and the admin page before it asks (audience/name-search.ts builds the query).
 */
import { z } from 'zod';

/** The longest search text: a rule's name is at most 20 characters (rule-schema.ts); a product's is searched by a piece. */
export const NAME_SEARCH_MAX = 20;

/**
 * Whether `s` holds half of a UTF-16 pair without its other half. A loop, not a regex with a
 * lookbehind: this file is compiled into the mini program, and older iOS engines refuse lookbehind.
 */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    }
  }
  return false;
}

/** What staff typed into a name search: trimmed, 1–20 characters, no control characters or lone surrogates. */
export const nameSearchText = z
  .string()
  .trim()
  .min(1, '请输入要搜索的名称')
  .max(NAME_SEARCH_MAX, `搜索内容最多 ${NAME_SEARCH_MAX} 个字`)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), '搜索内容不能包含控制字符')
  // A lone surrogate is no character: the cloud's engine reads the pattern as UTF-8, which has none.
  .refine((s) => !hasLoneSurrogate(s), '搜索内容包含无法识别的字符');
