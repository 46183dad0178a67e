import fc from 'fast-check';
import { z } from 'zod';
import { adminRequest, handleAdmin } from '../admin/handler';
import { parseRuleSegment } from '../audience/rule-store';
import { ruleSegmentInput } from '../audience/rule-schema';
import { campaignInput } from '../campaign/campaign-schema';
import { PRICE_DROP_TEMPLATE, priceDropCampaign } from '../campaign/testing/price-drop-campaign';
import { validateCampaign, type ValidationContext } from '../campaign/validate-campaign';
import { memorySdk } from '../db/testing/memory-sdk';
import { Db } from '../db/wx-db';
import { MERCHANT_TEMPLATES } from '../campaign/merchant-templates';
import { FIELD_RULES } from '../campaign/field-rules';
import { COLLECTIONS } from './collections';
import { QxError } from './errors';
import { labelKey, STAFF_FIELD_LABELS, staffFieldLabel, staffProblems, type StaffForm } from './staff-labels';

/** Every object key, enum value and literal a schema holds: the wire words staff must never read. */
function identifiersOf(t: z.ZodTypeAny, seen = new Set<z.ZodTypeAny>()): Set<string> {
  const out = new Set<string>();
  const walk = (s: z.ZodTypeAny): void => {
    if (seen.has(s)) return;
    seen.add(s);
    if (s instanceof z.ZodObject)
      for (const [k, v] of Object.entries(s.shape as Record<string, z.ZodTypeAny>)) {
        out.add(k);
        walk(v);
      }
    else if (s instanceof z.ZodDiscriminatedUnion || s instanceof z.ZodUnion) (s.options as z.ZodTypeAny[]).forEach(walk);
    else if (s instanceof z.ZodEnum) (s.options as string[]).forEach((o) => out.add(o));
    else if (s instanceof z.ZodLiteral) out.add(String(s.value));
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) walk(s.unwrap() as z.ZodTypeAny);
    else if (s instanceof z.ZodDefault) walk(s._def.innerType as z.ZodTypeAny);
    else if (s instanceof z.ZodEffects) walk(s.innerType() as z.ZodTypeAny);
    else if (s instanceof z.ZodLazy) walk(s.schema as z.ZodTypeAny);
    else if (s instanceof z.ZodPipeline) [s._def.in as z.ZodTypeAny, s._def.out as z.ZodTypeAny].forEach(walk);
    else if (s instanceof z.ZodArray) walk(s.element as z.ZodTypeAny);
    else if (s instanceof z.ZodRecord) walk(s.valueSchema as z.ZodTypeAny);
  };
  walk(t);
  return out;
}

/** Object keys only (what a label is needed for), as label paths. */
function keyPaths(t: z.ZodTypeAny, at: string[] = [], seen = new Set<z.ZodTypeAny>()): string[] {
  if (seen.has(t)) return [];
  const next = new Set(seen).add(t);
  if (t instanceof z.ZodObject)
    return Object.entries(t.shape as Record<string, z.ZodTypeAny>).flatMap(([k, v]) => [labelKey([...at, k]), ...keyPaths(v, [...at, k], next)]);
  if (t instanceof z.ZodDiscriminatedUnion || t instanceof z.ZodUnion) return (t.options as z.ZodTypeAny[]).flatMap((o) => keyPaths(o, at, next));
  if (t instanceof z.ZodOptional || t instanceof z.ZodNullable) return keyPaths(t.unwrap() as z.ZodTypeAny, at, next);
  if (t instanceof z.ZodDefault) return keyPaths(t._def.innerType as z.ZodTypeAny, at, next);
  if (t instanceof z.ZodEffects) return keyPaths(t.innerType() as z.ZodTypeAny, at, next);
  if (t instanceof z.ZodLazy) return keyPaths(t.schema as z.ZodTypeAny, at, next);
  if (t instanceof z.ZodPipeline) return keyPaths(t._def.out as z.ZodTypeAny, at, next);
  if (t instanceof z.ZodArray) return keyPaths(t.element as z.ZodTypeAny, [...at, '0'], next);
  return [];
}

const SCHEMAS: Record<StaffForm, z.ZodTypeAny> = { campaign: campaignInput, rule: ruleSegmentInput, request: adminRequest };

describe('staff field labels', () => {
  it('name nested fields by path, indices and nested groups left out', () => {
    expect(staffFieldLabel('campaign', ['filters', 'sentiment', 'min'])).toBe('评价正面度');
    expect(staffFieldLabel('campaign', ['data', 'thing1', 'value'])).toBe('通知内容');
    expect(staffFieldLabel('campaign', ['quietHours', 'start'])).toBe('免打扰开始时间');
    expect(staffFieldLabel('rule', ['include', 'items', 0, 'items', 1, 'field'])).toBe('条件字段');
    expect(staffFieldLabel('rule', ['exclude'])).toBe('排除条件');
    expect(staffFieldLabel('rule', ['name'])).toBe('分群名称');
    expect(staffFieldLabel('campaign', ['name'])).toBe('活动名称');
    expect(staffFieldLabel('request', ['before', '_id'])).toBe('翻页位置');
    expect(staffFieldLabel('request', ['zz_unknown'])).toBeNull();
    expect(staffFieldLabel('campaign', ['constructor'])).toBeNull();
    expect(staffFieldLabel('rule', ['__proto__'])).toBeNull();
  });

  it('has a Chinese label for every field of the campaign, rule and admin request schemas', () => {
    for (const form of Object.keys(SCHEMAS) as StaffForm[]) {
      const paths = [...new Set(keyPaths(SCHEMAS[form]))];
      expect({ form, unlabelled: paths.filter((p) => staffFieldLabel(form, p.split('.')) === null) }).toEqual({ form, unlabelled: [] });
    }
    for (const labels of Object.values(STAFF_FIELD_LABELS)) for (const l of Object.values(labels)) expect(l).toMatch(/^[\u4e00-\u9fff0-9]+$/);
  });

  it('words the refusals staff met with wire names in Chinese', () => {
    const ctx: ValidationContext = { templates: [], segments: [], product: null, now: 0 };
    const problems = (input: unknown) => {
      const r = validateCampaign(input, ctx);
      return r.ok ? [] : r.problems;
    };
    expect(problems(priceDropCampaign({ name: '降价', kind: 'flash_sale' }))).toContainEqual({ path: 'kind', message: '通知类型取值不受支持' });
    expect(problems(priceDropCampaign({ name: '降价', segmentId: 3, colour: 1 }))).toContainEqual({ path: '', message: '含有不认识的字段' });
    expect(problems(priceDropCampaign({ name: '降价', filters: { sentiment: { min: 'x' } } }))).toContainEqual({
      path: 'filters.sentiment.min',
      message: '评价正面度类型不正确：应为数字，实际为文本',
    });
    const rule = (items: unknown[]) => {
      try {
        parseRuleSegment({ name: '测试', include: { op: 'and', items } });
      } catch (e) {
        return e as QxError;
      }
      throw new Error('expected a refusal');
    };
    // a range on a field the server no longer has (a page older than its functions)
    const stale = rule([{ kind: 'range', field: 'segmentId', min: 1 }]);
    expect(stale.details).toEqual({ problems: [{ path: 'include.items.0.field', message: '条件字段取值不受支持' }] });
    expect(stale.message).toBe('条件字段取值不受支持');
    expect(rule([{ kind: 'churn_risk', in: ['extreme'] }]).details).toEqual({ problems: [{ path: 'include.items.0.in.0', message: '选项取值不受支持' }] });
    expect(rule([{ kind: 'segment', in: ['1'], field: 'x' }]).message).toBe('条件中含有不认识的字段：条件字段');
    // a refinement's own sentence stays as the schema says it
    expect(rule([{ kind: 'range', field: 'recency_days', min: 5, max: 1 }]).message).toBe('下限不能大于上限');
    const req = adminRequest.safeParse({ action: 'listCount', list: 'drafts' });
    expect(req.success ? [] : staffProblems('request', req.error.issues)).toEqual([{ path: 'list', message: '列表取值不受支持' }]);
  });
});

// ---- property: no refusal staff read contains a wire word of its schema, or any key they sent ----

/** A wire name a sender could type (a stale page, a hand-made request). */
const wireName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,16}$/);
/** A value of the wrong kind, an identifier-like string, or a wire word of the schema itself. */
const badValue = (words: string[]) => fc.oneof(fc.anything({ maxDepth: 2 }), wireName, fc.constantFrom(...words), fc.constant(undefined));

/** `base` with one change at a random path: a value replaced or removed, or an unknown key added. */
function mutate(base: unknown, pick: number[], value: unknown, key: string | null): unknown {
  if (base === null || typeof base !== 'object') return value;
  const copy: Record<string, unknown> = Array.isArray(base) ? ([...base] as unknown as Record<string, unknown>) : { ...(base as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (!keys.length || pick.length === 0) {
    if (key !== null && !Array.isArray(base)) copy[key] = value;
    return copy;
  }
  const k = keys[pick[0] % keys.length];
  copy[k] = pick.length === 1 && key === null ? value : mutate(copy[k], pick.slice(1), value, key);
  return copy;
}

/** The page's example of a notice page, which a refusal quotes for staff to copy. */
const PAGE_EXAMPLE = 'pages/product/index?id=p1';
const CTX: ValidationContext = {
  templates: [MERCHANT_TEMPLATES.find((t) => t.templateId === PRICE_DROP_TEMPLATE)!],
  segments: [{ id: 1, name: '沉睡/流失风险' }, { id: 2, name: '活跃买家' }],
  product: { name: '龙井', priceFen: 5800, categoryId: 'tea' },
  now: Date.parse('2026-12-07T08:00:00Z'),
};
const RULE = { name: '近期高消费', include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min: 100 }, { kind: 'segment', in: ['1'] }, { op: 'or', items: [{ kind: 'churn_risk', in: ['high'] }] }] }, exclude: { op: 'or', items: [{ kind: 'value_stage', in: ['visitor'] }] } };
const REQUESTS = [
  { action: 'ruleSegmentList', limit: 20, name: '高', before: { updatedAt: 1, _id: 'rule_abc123' } },
  { action: 'listCount', list: 'campaigns', name: '降价' },
  { action: 'modelRefit', model: 'value', budgetMs: 1000 },
  { action: 'campaignAudience', segments: [1, 'rule:rule_abc123'], templateId: PRICE_DROP_TEMPLATE },
  { action: 'outboxList', campaignId: 'cmp_1', limit: 10 },
];

const STAFF = 'staff_1';
let db: Db;
beforeAll(async () => {
  db = new Db(memorySdk());
  await db.insert(COLLECTIONS.admins, [{ _id: STAFF, role: 'staff' }]);
});

/** What staff read of one refusal of `form` (null: accepted): the admin function's words for a request. */
async function refusal(form: StaffForm, input: unknown): Promise<string[] | null> {
  if (form === 'campaign') {
    const r = validateCampaign(input, CTX);
    return r.ok ? null : r.problems.map((p) => p.message);
  }
  if (form === 'rule') {
    try {
      parseRuleSegment(input);
      return null;
    } catch (e) {
      const q = e as QxError;
      return [q.message, ...((q.details as { problems: Array<{ message: string }> }).problems.map((p) => p.message))];
    }
  }
  // only refusals: an accepted request would run its action
  if (adminRequest.safeParse(input).success) return null;
  const r = await handleAdmin(input, { db, openid: STAFF, startDispatch: async () => ({ ok: true }) });
  if (r.ok) throw new Error('the schema refused what the handler accepted');
  const issues = (r.error.details as { issues?: Array<{ message: string }> } | undefined)?.issues ?? [];
  return [r.error.message, ...issues.map((i) => i.message)];
}

const IDENTIFIERS = Object.fromEntries((Object.keys(SCHEMAS) as StaffForm[]).map((f) => [f, identifiersOf(SCHEMAS[f])])) as Record<StaffForm, Set<string>>;
// A campaign's template fields are keys of `data` (a record), so not the schema's: their keys
// (thing4) and WeChat's type names (thing) are wire words too; staff read 温馨提示 (「温馨提示（thing4）」 before).
for (const t of MERCHANT_TEMPLATES) for (const k of t.keys) IDENTIFIERS.campaign.add(k);
for (const type of Object.keys(FIELD_RULES)) IDENTIFIERS.campaign.add(type);
const BASES: Record<StaffForm, unknown[]> = { campaign: [priceDropCampaign({ name: '降价提醒' })], rule: [RULE], request: REQUESTS };

// The editor labelled template fields 「温馨提示（thing4）」 and its refusals said 「请为 thing1 选择取值」,
// 「thing4（thing）的值…」: staff read each field by WeChat's keyword name, as the template gives it.
describe('template fields in refusals', () => {
  const base = priceDropCampaign({ name: '降价提醒' }) as { data: Record<string, unknown> };
  const messages = (input: unknown) => {
    const r = validateCampaign(input, CTX);
    return r.ok ? [] : r.problems;
  };
  it('names each by its keyword name, never its key or type', () => {
    const { thing1: _gone, ...rest } = base.data;
    expect(messages({ ...base, data: rest })).toContainEqual({ path: 'data.thing1', message: '请为「商品名称」选择取值' });
    expect(messages({ ...base, data: { ...base.data, thing4: { from: 'text', value: '您关注的有机高山绿茶已经降价啦快来看看吧真的很划算' } } })).toContainEqual({
      path: 'data.thing4',
      message: '「温馨提示」的值“您关注的有机高山绿茶已经降价啦快来看看吧真的很划算”不符合规则：20 个以内字符（汉字、字母、数字、符号）',
    });
    expect(messages({ ...base, data: { ...base.data, thing4: { from: 'text', value: '' } } })).toContainEqual({ path: 'data.thing4.value', message: '温馨提示不能为空' });
  });
});

describe('staff refusals over random malformed forms and requests (fast-check)', () => {
  it('the bases are accepted (so every refusal below comes from the change)', async () => {
    for (const form of Object.keys(BASES) as StaffForm[]) for (const b of BASES[form]) expect(await refusal(form, b)).toBeNull();
  });

  for (const form of Object.keys(BASES) as StaffForm[]) {
    it(`${form}: no refusal names a field, value or key by its wire name, and each is Chinese`, async () => {
      const words = [...IDENTIFIERS[form]];
      await fc.assert(
        fc.asyncProperty(
          fc.nat(BASES[form].length - 1),
          fc.array(fc.nat(40), { minLength: 0, maxLength: 5 }),
          badValue(words),
          fc.option(fc.oneof(wireName, fc.constantFrom(...words)), { nil: null }),
          async (b, pick, value, key) => {
            const texts = await refusal(form, mutate(BASES[form][b], pick, value, key));
            fc.pre(texts !== null);
            for (const text of texts as string[]) {
              expect(text).toMatch(/[\u4e00-\u9fff]/);
              // Not wire words: a gone target named 「分群 <id>」 as the campaign card names it
              // (display-name.ts goneTargetName), and the text staff typed, quoted “…” back to them.
              const said = text.split(PAGE_EXAMPLE).join('').replace(/「分群 [^」]*」/g, '').replace(/“[^”]*”/g, '');
              const ascii = said.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
              expect({ text, wire: ascii.filter((w) => IDENTIFIERS[form].has(w) || w === key) }).toEqual({ text, wire: [] });
            }
          },
        ),
        { numRuns: 400 },
      );
    });
  }
});
