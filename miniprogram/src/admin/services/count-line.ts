/** The count line under a paged admin list (pure, tested without Taro). */

/** How a list names its items, its order and its filter. */
export interface CountWords {
  /** A measure word and noun, e.g. 「个分群」, 「个活动」. */
  unit: string;
  /** The order shown, e.g. 「最近保存的」. */
  order: string;
  /** A filter's words, e.g. 「名称含「老客」的分群」: the line then reads 「…共 3 个」. */
  subject?: string;
  /** What an empty list says. */
  empty: string;
}

/**
 * 「共 X 个活动，已显示最近更新的 N 个」 while more exist, 「共 N 个活动」 once all are shown. `total`
 * is the server's count (null when unknown); it was read apart from the items, so a list that
 * changed in between is told by what is shown: all shown → their number; more → at least one more.
 */
export function countLine(shown: number, more: boolean, total: number | null, w: CountWords): string {
  const measure = w.unit.slice(0, 1);
  const all = (n: number) => (w.subject ? `${w.subject}共 ${n} ${measure}` : `共 ${n} ${w.unit}`);
  if (!more) return shown ? all(shown) : w.empty;
  if (total === null) return `已显示${w.order} ${shown} ${w.unit}，还有更多`;
  return `${all(Math.max(total, shown + 1))}，已显示${w.order} ${shown} ${measure}`;
}

/** What a product name search found (at most `n` listed; `more`: others match too). */
export function productHitsLine(name: string, n: number, more: boolean): string {
  if (!n) return `没有名称含「${name}」的商品`;
  return more ? `名称含「${name}」的商品超过 ${n} 个，下面列出前 ${n} 个，可输入更完整的名称` : `名称含「${name}」的商品共 ${n} 个`;
}
