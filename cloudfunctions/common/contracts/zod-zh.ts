/**
 * Chinese messages for every zod issue. Staff and customers read validation messages (the
 * campaign editor, refusals from the functions), so none of them may be zod's English default
 * ("String must contain at least 1 character(s)"). Importing this module installs the map for
 * the whole process; every schema module imports it, so no schema can be parsed without it.
 * A message a schema sets itself (`.min(1, '请填写活动名称')`) still wins.
 */
import { z, ZodIssueCode, ZodParsedType, type ZodErrorMap } from 'zod';

const TYPE_NAMES: Partial<Record<string, string>> = {
  [ZodParsedType.string]: '文本',
  [ZodParsedType.number]: '数字',
  [ZodParsedType.integer]: '整数',
  [ZodParsedType.boolean]: '是/否',
  [ZodParsedType.object]: '对象',
  [ZodParsedType.array]: '列表',
  [ZodParsedType.date]: '日期',
  [ZodParsedType.null]: '空值',
  [ZodParsedType.undefined]: '空',
  [ZodParsedType.nan]: '非数字',
  [ZodParsedType.bigint]: '大整数',
};
// zod's `expected` of an enum or literal union is its wire values (`'and' | 'or'`): never listed
const typeName = (t: string): string => TYPE_NAMES[t] ?? '规定的取值之一';
const list = (xs: readonly unknown[]): string => xs.map((x) => String(x)).join('、');

function sizeMessage(kind: string, n: number | bigint, inclusive: boolean, exact: boolean | undefined, small: boolean): string {
  const cmp = exact ? '' : small ? (inclusive ? '至少' : '多于') : inclusive ? '最多' : '少于';
  const v = String(n);
  switch (kind) {
    case 'string':
      return Number(n) === 1 && small && !exact ? '不能为空' : `${exact ? '应为' : cmp} ${v} 个字`;
    case 'array':
    case 'set':
      return Number(n) === 1 && small && !exact ? '至少选择一项' : `${exact ? '应为' : cmp} ${v} 项`;
    case 'date':
      return small ? `日期不能早于 ${new Date(Number(n)).toISOString()}` : `日期不能晚于 ${new Date(Number(n)).toISOString()}`;
    default:
      return exact ? `应等于 ${v}` : small ? `应${inclusive ? '不小于' : '大于'} ${v}` : `应${inclusive ? '不大于' : '小于'} ${v}`;
  }
}

/** The Chinese error map (exported for tests; installed on import). */
export const zhErrorMap: ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case ZodIssueCode.invalid_type:
      return {
        message:
          issue.received === ZodParsedType.undefined
            ? '必填'
            : `类型不正确：应为${typeName(issue.expected)}，实际为${typeName(issue.received)}`,
      };
    case ZodIssueCode.invalid_literal:
      return { message: `取值不正确：应为 ${JSON.stringify(issue.expected)}` };
    case ZodIssueCode.unrecognized_keys:
      return { message: `不认识的字段：${list(issue.keys)}` };
    case ZodIssueCode.invalid_union:
      return { message: '格式不正确' };
    case ZodIssueCode.invalid_union_discriminator:
      return { message: `类型不正确：应为 ${list(issue.options)} 之一` };
    case ZodIssueCode.invalid_enum_value:
      return { message: `取值不正确：应为 ${list(issue.options)} 之一` };
    case ZodIssueCode.invalid_date:
      return { message: '日期无效' };
    case ZodIssueCode.invalid_string:
      return { message: '文本格式不正确' };
    case ZodIssueCode.too_small:
      return { message: sizeMessage(issue.type, issue.minimum, issue.inclusive, issue.exact, true) };
    case ZodIssueCode.too_big:
      return { message: sizeMessage(issue.type, issue.maximum, issue.inclusive, issue.exact, false) };
    case ZodIssueCode.not_multiple_of:
      return { message: `应为 ${String(issue.multipleOf)} 的倍数` };
    case ZodIssueCode.not_finite:
      return { message: '应为有限数字' };
    case ZodIssueCode.invalid_intersection_types:
    case ZodIssueCode.invalid_arguments:
    case ZodIssueCode.invalid_return_type:
      return { message: '格式不正确' };
    case ZodIssueCode.custom:
      return { message: ctx.defaultError === 'Invalid input' ? '格式不正确' : ctx.defaultError };
    default:
      return { message: '格式不正确' };
  }
};

z.setErrorMap(zhErrorMap);
