import fc from 'fast-check';
import { isHashedKey } from '../db/stored-keys';
import { foldEvents } from '../profile/apply';
import { categoryKey } from '../profile/bucket-keys';
import type { StoredEvent } from '../profile/types';
import { audienceRow, type AudienceRow } from './audience-row';
import { evaluateRule, groupHolds, groupReasons, previewRule, ruleCategoryIds } from './evaluate-rule';
import { ruleSegmentInput, type RuleCondition, type RuleGroup } from './rule-schema';

const row = (o: Partial<AudienceRow> & { num?: Record<string, number | null> }): AudienceRow => ({
  openid: 'u',
  segment: '2',
  segmentName: '活跃买家',
  categories: ['tea'],
  churnRisk: 'high',
  valueStage: 'buyer',
  consented: true,
  personalization: true,
  ...o,
  num: { recency_days: 12, monetary_90d: 320, sentiment_mean: 0.8, value_spend_90d: 50, ...o.num },
});

const highValueSlipping: RuleGroup = {
  op: 'and',
  items: [
    { kind: 'range', field: 'monetary_90d', min: 100 },
    { op: 'or', items: [{ kind: 'churn_risk', in: ['high'] }, { kind: 'range', field: 'recency_days', min: 60 }] },
  ],
};

describe('rule segments', () => {
  it('explains each member in words staff read', () => {
    const v = evaluateRule({ include: highValueSlipping }, row({}));
    expect(v).toEqual({ member: true, reasons: ['近90天消费320元（条件 ≥ 100元）', '流失风险高'] });
    expect(evaluateRule({ include: { op: 'and', items: [{ kind: 'segment', in: ['2'] }, { kind: 'category', in: ['tea', 'coffee'] }] } }, row({})))
      .toEqual({ member: true, reasons: ['属于分群“活跃买家”', '近90天关注过品类 tea'] });
    // With the shop's names, categories read as staff named them; one without a name by its id.
    const both = { op: 'and' as const, items: [{ kind: 'category' as const, in: ['tea', 'coffee'] }] };
    expect(evaluateRule({ include: both }, { ...row({}), categories: ['tea', 'coffee'] }, { tea: '茶叶' }))
      .toEqual({ member: true, reasons: ['近90天关注过品类 茶叶、coffee'] });
    // Category ids are merchant-chosen: `constructor` is one, and must not read Object's constructor.
    const odd = { op: 'and' as const, items: [{ kind: 'category' as const, in: ['constructor', 'toString'] }] };
    expect(evaluateRule({ include: odd }, { ...row({}), categories: ['constructor', 'toString'] }, { toString: '杂货' }))
      .toEqual({ member: true, reasons: ['近90天关注过品类 constructor、杂货'] });
    expect(ruleCategoryIds({ include: both, exclude: { op: 'or', items: [{ kind: 'category', in: ['gift'] }, { op: 'and', items: [{ kind: 'category', in: ['tea'] }] }] } }).sort())
      .toEqual(['coffee', 'gift', 'tea']);
  });

  it('"likely first purchase": visitors by their first-purchase chance; a churn condition never picks a visitor', () => {
    const likelyFirst: RuleGroup = {
      op: 'and',
      items: [
        { kind: 'value_stage', in: ['visitor'] },
        { kind: 'range', field: 'value_p_active', min: 0.3 },
      ],
    };
    const visitor = (p: number) => row({ valueStage: 'visitor', churnRisk: null, num: { value_p_active: p } });
    expect(evaluateRule({ include: likelyFirst }, visitor(0.42))).toEqual({
      member: true,
      reasons: ['尚未购买的访客', '预计90天内首次购买的概率42%（条件 ≥ 30%）'],
    });
    expect(evaluateRule({ include: likelyFirst }, visitor(0.1)).member).toBe(false);
    expect(evaluateRule({ include: likelyFirst }, row({ num: { value_p_active: 0.9 } })).member).toBe(false);
    const atRisk: RuleGroup = { op: 'and', items: [{ kind: 'churn_risk', in: ['low', 'medium', 'high'] }] };
    expect(evaluateRule({ include: atRisk }, visitor(0.9)).member).toBe(false);
    expect(evaluateRule({ include: { op: 'and', items: [{ kind: 'value_stage', in: ['buyer'] }] } }, row({ valueStage: null })).member).toBe(false);
    expect(ruleSegmentInput.safeParse({ name: '可能首购', include: likelyFirst }).success).toBe(true);
    // The row read from stored profiles: the stage marker, or 'buyer' for a prediction without one.
    const consent = { granted: true };
    const stored = (value?: object) => audienceRow({ _id: 'o1', ...(value ? { value } : {}) }, consent, Date.UTC(2026, 11, 5));
    const v = stored({ stage: 'visitor', purchases90d: 0.5, pActive: 0.39, spend90dFen: 9000 });
    expect(v).toMatchObject({ valueStage: 'visitor', churnRisk: null });
    expect(v.num.value_p_active).toBe(0.39);
    expect(stored({ purchases90d: 1, pActive: 0.6, spend90dFen: 1, churnRisk: 'low' }).valueStage).toBe('buyer');
    expect(stored().valueStage).toBeNull();
    expect(ruleSegmentInput.safeParse({ name: '坏', include: { op: 'and', items: [{ kind: 'value_stage', in: ['lead'] }] } }).success).toBe(false);
  });

  it('AND needs every item, OR any, exclusions remove', () => {
    expect(evaluateRule({ include: highValueSlipping }, row({ num: { monetary_90d: 50 } })).member).toBe(false);
    expect(evaluateRule({ include: highValueSlipping }, row({ churnRisk: 'low', num: { recency_days: 90 } })).member).toBe(true);
    expect(evaluateRule({ include: highValueSlipping }, row({ churnRisk: 'low' })).member).toBe(false);
    const excl = evaluateRule({ include: highValueSlipping, exclude: { op: 'or', items: [{ kind: 'category', in: ['tea'] }] } }, row({}));
    expect(excl).toEqual({ member: false, why: 'excluded' });
  });

  it('a missing figure never matches a range (never bought is not "bought long ago")', () => {
    expect(evaluateRule({ include: { op: 'and', items: [{ kind: 'range', field: 'recency_days', min: 60 }] } }, row({ num: { recency_days: null } })).member).toBe(false);
  });

  it('never selects a customer without consent or with personalised pushes off (PIPL art. 24), and counts them', () => {
    const rows = [row({ openid: 'a' }), row({ openid: 'b', personalization: false }), row({ openid: 'c', consented: false }), row({ openid: 'd', num: { monetary_90d: 1 } })];
    expect(evaluateRule({ include: highValueSlipping }, rows[1])).toEqual({ member: false, why: 'personalization_off' });
    expect(previewRule({ include: highValueSlipping }, rows)).toEqual({ size: 1, population: 4, excludedNoConsent: 1, excludedOptOut: 1, excludedByExclusion: 0 });
  });

  it('refuses malformed rules with Chinese messages', () => {
    const bad = ruleSegmentInput.safeParse({ name: '', include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min: 5, max: 1 }] } });
    expect(bad.success).toBe(false);
    const msgs = bad.success ? [] : bad.error.issues.map((i) => i.message);
    expect(msgs).toEqual(expect.arrayContaining(['请填写分群名称', '下限不能大于上限']));
    const deep = { op: 'and', items: [{ op: 'and', items: [{ op: 'and', items: [{ op: 'and', items: [{ kind: 'segment', in: ['1'] }] }] }] }] };
    expect(ruleSegmentInput.safeParse({ name: '深', include: deep }).success).toBe(false);
    expect(ruleSegmentInput.safeParse({ name: '未知', include: { op: 'and', items: [{ kind: 'range', field: 'nope', min: 1 }] } }).success).toBe(false);
  });

  const cond: fc.Arbitrary<RuleCondition> = fc.oneof(
    fc.record({ kind: fc.constant('range' as const), field: fc.constantFrom('monetary_90d', 'recency_days', 'value_spend_90d'), min: fc.integer({ min: 0, max: 400 }) }),
    fc.record({ kind: fc.constant('segment' as const), in: fc.subarray(['1', '2', '3'], { minLength: 1 }) }),
    fc.record({ kind: fc.constant('churn_risk' as const), in: fc.subarray(['low', 'medium', 'high'] as const, { minLength: 1 }) }),
    fc.record({ kind: fc.constant('value_stage' as const), in: fc.subarray(['buyer', 'visitor'] as const, { minLength: 1 }) }),
  );
  const rowArb = fc.record({
    openid: fc.string(),
    segment: fc.constantFrom('1', '2', '3', null),
    segmentName: fc.constant(null),
    categories: fc.subarray(['tea', 'coffee']),
    churnRisk: fc.constantFrom('low', 'medium', 'high', null) as fc.Arbitrary<AudienceRow['churnRisk']>,
    valueStage: fc.constantFrom('buyer', 'visitor', null) as fc.Arbitrary<AudienceRow['valueStage']>,
    consented: fc.boolean(),
    personalization: fc.boolean(),
    num: fc.record({ monetary_90d: fc.option(fc.integer({ min: 0, max: 500 })), recency_days: fc.option(fc.integer({ min: 0, max: 400 })), value_spend_90d: fc.option(fc.integer({ min: 0, max: 500 })) }),
  });

  it('properties: members consented and opted in; AND ⊆ OR; an exclusion never adds', () => {
    fc.assert(
      fc.property(fc.array(cond, { minLength: 1, maxLength: 4 }), fc.array(cond, { minLength: 1, maxLength: 2 }), fc.array(rowArb, { maxLength: 30 }), (items, ex, rows) => {
        const and = { include: { op: 'and' as const, items } };
        const or = { include: { op: 'or' as const, items } };
        for (const r of rows) {
          const v = evaluateRule(or, r);
          if (v.member) expect(r.consented && r.personalization).toBe(true);
          if (evaluateRule(and, r).member) expect(v.member).toBe(true);
        }
        expect(previewRule({ ...and, exclude: { op: 'or', items: ex } }, rows).size).toBeLessThanOrEqual(previewRule(and, rows).size);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the preview (no wording) counts exactly what evaluateRule decides', () => {
    const group = fc.record({ op: fc.constantFrom('and' as const, 'or' as const), items: fc.array(cond, { minLength: 1, maxLength: 3 }) });
    const nested: fc.Arbitrary<RuleGroup> = fc.record({ op: fc.constantFrom('and' as const, 'or' as const), items: fc.array(fc.oneof(cond, group), { minLength: 1, maxLength: 3 }) });
    fc.assert(
      fc.property(nested, fc.option(nested, { nil: undefined }), fc.array(rowArb, { maxLength: 40 }), (include, exclude, rows) => {
        const rule = { include, exclude };
        const expected = { size: 0, population: rows.length, excludedNoConsent: 0, excludedOptOut: 0, excludedByExclusion: 0 };
        for (const r of rows) {
          expect(groupHolds(include, r)).toBe(groupReasons(include, r) !== null);
          const v = evaluateRule(rule, r);
          if (v.member) expected.size++;
          else if (v.why === 'excluded') expected.excludedByExclusion++;
          else if (v.why !== 'no_match' && groupReasons(include, r) !== null)
            expected[v.why === 'no_consent' ? 'excludedNoConsent' : 'excludedOptOut']++;
        }
        expect(previewRule(rule, rows)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a category whose key had to be hashed (a long id with "-", profile/bucket-keys.ts)', () => {
  const LONG = 'women-dresses-summer-2026';
  const AS_OF = Date.UTC(2026, 11, 6, 4);
  const view = (categoryId: string, i: number): StoredEvent => ({
    _id: `u:e${i}`,
    openid: 'u',
    eventId: `e${i}`,
    name: 'product_view',
    ts: AS_OF - 3_600_000,
    clientTs: AS_OF - 3_600_000,
    receivedAt: AS_OF - 3_600_000,
    sessionId: 's1',
    deviceId: 'd',
    seq: i,
    props: { productId: 'p', categoryId },
  });
  const stored = audienceRow({ _id: 'u', ...foldEvents([view(LONG, 1), view('tea', 2)]) }, { granted: true }, AS_OF);
  const rule = (...ids: string[]) => ({ include: { op: 'and' as const, items: [{ kind: 'category' as const, in: ids }] } });

  it('still meets a rule naming that category, and the reason names it', () => {
    expect(isHashedKey(categoryKey(LONG))).toBe(true);
    expect(evaluateRule(rule(LONG), stored)).toEqual({ member: true, reasons: [`近90天关注过品类 ${LONG}`] });
    expect(evaluateRule(rule('men-shirts-winter-collection-2026'), stored).member).toBe(false);
    expect(evaluateRule(rule('tea'), stored).member).toBe(true);
  });
});

