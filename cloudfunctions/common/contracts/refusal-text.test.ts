import fc from 'fast-check';
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

  it('says an unknown field is there without its wire name, and names one another action knows in Chinese', () => {
    expect(refusalText('请求无效', firstIssue(shopRequest, { action: 'listOrders', zz_unknown: 1 }))).toBe('请求无效：含有不认识的字段');
    expect(refusalText('请求无效', firstIssue(shopRequest, { action: 'createOrder', orderKey: 'k1', items: [{ productId: 'a', quantity: 1, colour: 'red' }] }))).toBe(
      '请求无效：商品清单中含有不认识的字段',
    );
    expect(refusalText('参数错误', firstIssue(privacyRequest, { action: 'me', enabled: true, zz: 1, yy: 2 }))).toBe('参数错误：含有不认识的字段：个性化推送设置，另有 2 个');
  });
});

/** Wire names a sender could type: identifiers the three boundaries do not accept. */
const wireName = fc
  .stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,24}$/)
  .filter((k) => !Object.prototype.hasOwnProperty.call(FIELD_NAMES, k) && k !== 'openid' && k !== '__proto__');

/** Valid requests of each boundary, with a place (top level or one order line) for an extra key. */
const REQUESTS: Array<{ lead: string; schema: z.ZodTypeAny; with: (k: string) => unknown }> = [
  { lead: '请求无效', schema: shopRequest, with: (k) => ({ action: 'listProducts', [k]: 1 }) },
  { lead: '请求无效', schema: shopRequest, with: (k) => ({ action: 'createOrder', orderKey: 'k1', items: [{ productId: 'a', quantity: 1, [k]: 'x' }] }) },
  { lead: '参数错误', schema: privacyRequest, with: (k) => ({ action: 'setPersonalization', enabled: true, [k]: null }) },
  { lead: '请求格式错误', schema: trackRequest, with: (k) => ({ events: [], [k]: [k] }) },
];

describe('refusalText over random field names (fast-check)', () => {
  it('never puts an unknown wire name in the text, through the real schemas', () => {
    fc.assert(
      // An index, not the request itself: a counterexample then prints short.
      fc.property(wireName, fc.nat(REQUESTS.length - 1), (key, i) => {
        const r = REQUESTS[i];
        const text = refusalText(r.lead, firstIssue(r.schema, r.with(key)));
        expect(text).toContain('含有不认识的字段');
        expect(text).not.toContain(key);
        // Chinese and punctuation only: no wire name of any kind reaches the customer.
        expect(text).toMatch(/^[\u4e00-\u9fff：，、 0-9]+$/);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out an unknown key as the innermost key at any depth of a path', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(wireName, fc.nat(20)), { maxLength: 4 }), wireName, (outer, key) => {
        const text = refusalText('请求无效', { path: [...outer, key], message: '必填' });
        expect(text).toBe('请求无效：必填');
      }),
    );
  });
});

describe('refusalText of an action or value outside the fixed list', () => {
  it('says 未知操作 for any action the shop and privacy schemas do not know, never the list of wire names', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.boolean(), (action, shop) => {
        const [lead, schema] = shop ? ['请求无效', shopRequest] : ['参数错误', privacyRequest];
        const r = (schema as z.ZodTypeAny).safeParse({ action });
        fc.pre(!r.success);
        expect(refusalText(lead, firstIssue(schema as z.ZodTypeAny, { action }))).toBe(`${lead}：未知操作`);
      }),
      { numRuns: 200 },
    );
  });

  it('names the field, not the accepted values, for an enum or literal refused elsewhere', () => {
    expect(refusalText('请求无效', { path: ['items', 0, 'quantity'], code: 'invalid_enum_value', message: '取值不正确：应为 a、b 之一' })).toBe('请求无效：数量取值不受支持');
    expect(refusalText('请求无效', { path: ['zz'], code: 'invalid_literal', message: '取值不正确：应为 "x"' })).toBe('请求无效：取值不受支持');
  });
});
