/**
 * Turns a campaign's data mapping into the `data` of subscribeMessage.send for one customer, and
 * checks every value against WeChat's field rules BEFORE a grant is consumed.
 */
import { checkFieldValue, UNNAMED_FIELD } from './field-rules';
import type { ValueSource } from './campaign-schema';
import { segmentValue } from './segment-values';
import { beijingClock } from '../beijing-time';

/** Product fields the mapping may read (money in integer fen). */
export interface ProductLike {
  name?: string;
  title?: string;
  priceFen?: number;
  categoryName?: string;
  categoryId?: string;
}

/** Profile fields the mapping may read. */
export interface ProfileLike {
  segmentName?: unknown;
  /** ≤ 5 Chinese characters, for `phrase` keys */
  segmentPhrase?: unknown;
}

/** What a value is rendered from. */
export interface RenderContext {
  product?: ProductLike | null;
  profile?: ProfileLike | null;
  /** Send time, ms since epoch. */
  now: number;
  /** Each key's keyword name as staff read it (温馨提示), for the refusals of a save; absent at send. */
  labels?: Readonly<Record<string, string>>;
}

/** The rendered message data, or the reasons it cannot be sent. */
export interface RenderResult {
  data: Record<string, { value: string }>;
  errors: string[];
  /** The same reasons by the key each is about (the editor shows it beside that field). */
  problems: Array<{ key: string; message: string }>;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Date/time in UTC+8 (the merchant's and WeChat's time zone), e.g. `2026年11月23日 15:01`. */
export function formatChinaTime(ms: number, format: 'date' | 'time'): string {
  const d = beijingClock(ms);
  const date = `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return format === 'date' ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `12990` fen → `¥129.90`. */
export const formatFen = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

function valueOf(key: string, src: ValueSource, ctx: RenderContext): string | null {
  switch (src.from) {
    case 'text':
      return src.value;
    case 'sendTime':
      return formatChinaTime(ctx.now, src.format);
    case 'profile':
      return segmentValue(key, src.field, ctx.profile);
    case 'product': {
      const p = ctx.product;
      if (!p) return null;
      if (src.field === 'name') return p.name ?? p.title ?? null;
      if (src.field === 'price') return typeof p.priceFen === 'number' ? formatFen(p.priceFen) : null;
      // The shop's name only: a bare category id in a customer's notice means nothing to them, so a
      // product without a category name is refused here (staff see why when saving), not sent.
      return p.categoryName?.trim() ? p.categoryName : null;
    }
  }
}

/** What the campaign editor calls a source (admin campaign-edit/form-state.ts), never its wire name. */
const PRODUCT_WORDS: Readonly<Record<string, string>> = { name: '商品名称', price: '商品价格', category: '商品品类' };
const sourceWords = (src: ValueSource): string =>
  src.from === 'product' ? (PRODUCT_WORDS[src.field] ?? '商品数据') : src.from === 'profile' ? '客户分群' : src.from === 'sendTime' ? '发送时间' : '固定文字';

/** Renders every key of `mapping`; a missing or rule-breaking value is an error, never sent. */
export function renderData(mapping: Record<string, ValueSource>, ctx: RenderContext): RenderResult {
  const data: Record<string, { value: string }> = {};
  const problems: RenderResult['problems'] = [];
  for (const [key, src] of Object.entries(mapping)) {
    const label = ctx.labels?.[key] ?? UNNAMED_FIELD;
    const value = valueOf(key, src, ctx);
    if (value === null) {
      problems.push({ key, message: `「${label}」取不到${sourceWords(src)}` });
      continue;
    }
    const problem = checkFieldValue(key, value, label);
    if (problem) problems.push({ key, message: problem });
    else data[key] = { value };
  }
  return { data, errors: problems.map((p) => p.message), problems };
}
