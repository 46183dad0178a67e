import { z } from 'zod';
import { privacyRequest } from '../../privacy/request';
import { shopRequest } from '../../shop/schema';
import { trackRequest } from '../../track/request';
import { FIELD_NAMES, fieldName, refusalText } from './refusal-text';

const firstIssue = (schema: z.ZodTypeAny, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a refusal');
  return r.error.issues[0];
};

/** Every object key a schema accepts, nested objects and array elements included. */
function keysOf(t: z.ZodTypeAny): string[] {
  if (t instanceof z.ZodDiscriminatedUnion) return (t.options as z.ZodTypeAny[]).flatMap(keysOf);
  if (t instanceof z.ZodObject) return Object.entries(t.shape as Record<string, z.ZodTypeAny>).flatMap(([k, v]) => [k, ...keysOf(v)]);
  if (t instanceof z.ZodOptional || t instanceof z.ZodNullable) return keysOf(t.unwrap() as z.ZodTypeAny);
  if (t instanceof z.ZodDefault) return keysOf(t._def.innerType as z.ZodTypeAny);
  if (t instanceof z.ZodEffects) return keysOf(t.innerType() as z.ZodTypeAny);
  if (t instanceof z.ZodArray) return keysOf(t.element as z.ZodTypeAny);
  return [];
}

describe('refusalText', () => {
  it("names shop's search field in Chinese once, never as `q`", () => {
    const i = firstIssue(shopRequest, { action: 'listProducts', q: '茶'.repeat(51) });
    expect(refusalText('请求无效', i)).toBe('请求无效：搜索内容最多 50 个字');
    expect(refusalText('请求无效', firstIssue(shopRequest, { action: 'listProducts', q: '绿\u0000茶' }))).toBe('请求无效：搜索内容不能包含控制字符');
  });

  it('names a nested field by its innermost key, and says a generic message with the field before it', () => {
    const i = firstIssue(shopRequest, { action: 'createOrder', items: [{ productId: 'a', quantity: 100 }] });
    expect(i.path).toEqual(['items', 0, 'quantity']);
    expect(refusalText('请求无效', i)).toBe('请求无效：数量应不大于 99');
    expect(refusalText('参数错误', firstIssue(privacyRequest, { action: 'setPersonalization', enabled: 'yes' }))).toBe(
      '参数错误：个性化推送设置类型不正确：应为是/否，实际为文本',
    );
  });

  it('leaves out a field it has no Chinese name for, and says 格式错误 without an issue', () => {
    expect(refusalText('请求无效', { path: ['zz_unknown'], message: '必填' })).toBe('请求无效：必填');
    expect(refusalText('请求无效', { path: [], message: '不认识的字段：x' })).toBe('请求无效：不认识的字段：x');
    expect(refusalText('请求无效', undefined)).toBe('请求无效：格式错误');
    expect(fieldName(['constructor'])).toBeNull();
  });

  it('has a Chinese name for every field the app sends to shop, privacy and track', () => {
    const keys = new Set([shopRequest, privacyRequest, trackRequest].flatMap((s) => keysOf(s as z.ZodTypeAny)));
    // openid is refused or ignored by each boundary (identity comes from the context), never a field the app fills
    keys.delete('openid');
    expect([...keys].filter((k) => !FIELD_NAMES[k])).toEqual([]);
    for (const k of keys) expect(FIELD_NAMES[k]).toMatch(/^[\u4e00-\u9fff]+$/);
  });
});
