/**
 * The segment as a message value: the customer's own wording (好久不见, never 沉睡/流失风险) for
 * phrase and thing keys, and what passes save validation is exactly what is sent — checked
 * against the independent WeChat emulator (scripts/local-cloud/openapi/field-rules.ts), so a
 * validated campaign never meets 47003 at send time.
 */
import fc from 'fast-check';
import { checkFieldValue as wechatCheck } from '../../../scripts/local-cloud/openapi/field-rules';
import { CUSTOMER_WORDING } from '../segments/customer-wording';
import { DEFAULT_RULE, NAMING_RULES, RULE_PHRASES } from '../segments/naming';
import { checkFieldValue, FIELD_RULES } from './field-rules';
import { renderData } from './render-data';
import { segmentSourceProblem, segmentValue, shortenForThing, type SegmentField } from './segment-values';
import { validateCampaign, type SegmentDef, type ValidationContext } from './validate-campaign';

const LONG = '沉睡/流失风险·季度低消费·高频浏览·加购未购客户们';

describe('segment values', () => {
  it('shortens to 20 characters (code points) with an ellipsis, leaves short names alone', () => {
    expect(shortenForThing('活跃买家·近期高消费')).toBe('活跃买家·近期高消费');
    const s = shortenForThing(LONG);
    expect([...s]).toHaveLength(20);
    expect(s.endsWith('…')).toBe(true);
    expect([...shortenForThing('😀'.repeat(30))]).toHaveLength(20);
    expect(shortenForThing('  新客  ')).toBe('新客');
  });

  it('phrase and thing keys take the segment; other keys refuse it', () => {
    for (const f of ['segmentName', 'segmentPhrase'] as const) {
      expect(segmentSourceProblem('phrase3', f)).toBeNull();
      expect(segmentSourceProblem('thing1', f)).toBeNull();
      expect(segmentSourceProblem('name3', f)).toMatch(/只能用于 thing 或 phrase/);
    }
  });

  it("renders the customer's wording of the segment, never staff's name; missing → null", () => {
    const p = { segmentName: '沉睡/流失风险·季度低消费', segmentPhrase: '沉睡客户' };
    expect(segmentValue('phrase2', 'segmentPhrase', p)).toBe('好久不见');
    expect(segmentValue('phrase2', 'segmentName', p)).toBe('好久不见');
    expect(segmentValue('thing5', 'segmentName', p)).toBe('好久不见');
    expect(segmentValue('thing5', 'segmentPhrase', { segmentPhrase: '差评风险' })).toBe('提过意见');
    expect(segmentValue('thing5', 'segmentPhrase', {})).toBeNull();
    expect(segmentValue('thing5', 'segmentName', { segmentName: '  ' })).toBeNull();
    expect(segmentValue('name3', 'segmentName', p)).toBeNull();
    const r = renderData(
      {
        phrase2: { from: 'profile', field: 'segmentPhrase' },
        thing5: { from: 'profile', field: 'segmentName' },
      },
      { profile: p, now: 0 },
    );
    expect(r.errors).toEqual([]);
    expect(r.data).toEqual({ phrase2: { value: '好久不见' }, thing5: { value: '好久不见' } });
    expect(
      renderData({ phrase2: { from: 'profile', field: 'segmentPhrase' } }, { profile: {}, now: 0 }).errors,
    ).toHaveLength(1);
  });

  it('every segment the job can write (any model, any rule) renders a value both field types accept', () => {
    const names = [...NAMING_RULES.map((r) => r.name), DEFAULT_RULE.name, LONG, '某个未知名字'];
    for (const [rule, phrase] of Object.entries(RULE_PHRASES))
      for (const name of names)
        for (const key of ['phrase1', 'thing1']) {
          const v = segmentValue(key, 'segmentPhrase', { segmentName: name, segmentPhrase: phrase })!;
          expect([rule, key, checkFieldValue(key, v), wechatCheck(key, v)]).toEqual([rule, key, null, null]);
          expect(Object.values(CUSTOMER_WORDING).map((w) => w.name)).toContain(v);
        }
  });
});

describe('save-time validation and send-time values agree', () => {
  const base = {
    name: '到货提醒',
    kind: 'back_in_stock',
    segments: [],
    templateId: 't',
    page: 'pages/index/index',
    schedule: { kind: 'now' },
  };
  const TYPES = Object.keys(FIELD_RULES);
  // every type occurs; thing and phrase (the ones a segment may fill) most often
  const key = fc
    .tuple(
      fc.constantFrom(...TYPES, ...Array<string>(6).fill('thing'), ...Array<string>(6).fill('phrase')),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([t, i]) => `${t}${i}`);
  const field = fc.constantFrom<SegmentField>('segmentName', 'segmentPhrase');
  // names and phrases like the model's, plus arbitrary text (symbols, latin, emoji, blanks)
  const text = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        LONG,
        '新客',
        '活跃买家·近期高消费',
        '忠诚高消费客户2',
        'VIP',
        '',
        ' ',
        ...Object.values(RULE_PHRASES),
      ),
    },
    fc.string({ maxLength: 30 }),
    fc.array(fc.constantFrom(...'沉睡客户/·高消费A1 😀'), { maxLength: 30 }).map((a) => a.join('')),
  );
  const segment = fc.record({ name: text, phrase: fc.option(text, { nil: undefined }) });

  it('a campaign that passed validation renders every known segment to values WeChat accepts', () => {
    let validated = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, field), { minLength: 1, maxLength: 4, selector: ([k]) => k }),
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (mapping, segs, pick) => {
          const data = Object.fromEntries(mapping.map(([k, f]) => [k, { from: 'profile', field: f }]));
          const segments: SegmentDef[] = segs.map((s, i) => ({ id: i, ...s }));
          const ctx: ValidationContext = {
            templates: [{ templateId: 't', title: 't', keys: Object.keys(data) }],
            segments,
            product: null,
            now: 0,
          };
          const v = validateCampaign({ ...base, data }, ctx);
          if (!v.ok) return true;
          validated++;
          const s = segments[pick % segments.length];
          const r = renderData(v.campaign.data, {
            profile: { segmentName: s.name, segmentPhrase: s.phrase },
            now: 0,
          });
          expect(r.errors).toEqual([]);
          for (const [k, { value }] of Object.entries(r.data))
            expect([k, value, wechatCheck(k, value)]).toEqual([k, value, null]);
          return true;
        },
      ),
      // About 1 in 17 random mappings validates: 4,000 runs give ~240 (223–261 in four runs), so the floor below cannot
      // fail by chance (2,000 runs sat near it and did, once).
      { numRuns: 4000 },
    );
    expect(validated).toBeGreaterThan(100); // not vacuous
  });

  it('thing and phrase keys accept every segment that has a name or phrase, with either field', () => {
    fc.assert(
      fc.property(text, fc.option(fc.constantFrom(...Object.values(RULE_PHRASES))), fc.constantFrom('segmentName', 'segmentPhrase'), (name, phrase, field) => {
        const ctx: ValidationContext = {
          templates: [{ templateId: 't', title: 't', keys: ['thing1', 'phrase2'] }],
          segments: [{ id: 1, name, ...(phrase ? { phrase } : {}) }],
          product: null,
          now: 0,
        };
        const r = validateCampaign(
          { ...base, data: { thing1: { from: 'profile', field }, phrase2: { from: 'profile', field } } },
          ctx,
        );
        expect(r.ok).toBe(name.trim() !== '' || phrase !== null);
      }),
      { numRuns: 500 },
    );
  });
});
