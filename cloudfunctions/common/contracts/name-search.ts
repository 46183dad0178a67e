/**
 * Search text: what staff search names with (搜索分群名称, 搜索商品名称) and what a customer types
 * into 首页's 搜索商品. One rule, checked alike by the function's boundary (admin, shop) and the
 * page before it asks; audience/name-search.ts builds the query from what passes. Only the longest
 * text differs between the two.
 */
import { z } from 'zod';

/** The longest search text: a rule's name is at most 20 characters (rule-schema.ts); a product's is searched by a piece. */
export const NAME_SEARCH_MAX = 20;

/** The longest text a customer may search products with (the app's 搜索商品; shop's limit since session 1). */
export const PRODUCT_SEARCH_MAX = 50;

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

/**
 * Search text of at most `max` characters: trimmed, no control characters, no lone surrogates
 * (either would reach the pattern builder and the cloud's regex engine). Empty is refused unless
 * `allowEmpty` (shop's `q`, where an empty search has always meant "no search").
 */
export function searchText(max: number, { allowEmpty = false }: { allowEmpty?: boolean } = {}) {
  const trimmed = z.string().trim();
  return (allowEmpty ? trimmed : trimmed.min(1, '请输入要搜索的名称'))
    .max(max, `搜索内容最多 ${max} 个字`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), '搜索内容不能包含控制字符')
    // A lone surrogate is no character: the cloud's engine reads the pattern as UTF-8, which has none.
    .refine((s) => !hasLoneSurrogate(s), '搜索内容包含无法识别的字符');
}

/** What staff typed into a name search: trimmed, 1–20 characters, no control characters or lone surrogates. */
export const nameSearchText = searchText(NAME_SEARCH_MAX);

/** What a customer searches products with: trimmed, at most 50 characters, the same rule; empty means no search. */
export const productSearchText = searchText(PRODUCT_SEARCH_MAX, { allowEmpty: true });
