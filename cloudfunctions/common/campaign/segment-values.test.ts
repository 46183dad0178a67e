/**
 * The segment as a message value: phrase keys take only the short phrase, thing keys the name
 * shortened to 20 characters, and what passes save validation is exactly what is sent — checked
 * against the independent WeChat emulator (scripts/local-cloud/openapi/field-rules.ts), so a
 * validated campaign never meets 47003 at send time.
 */
import fc from 'fast-check';
import { checkFieldValue as wechatCheck } from '../../../scripts/local-cloud/openapi/field-rules';
import { RULE_PHRASES } from '../segments/naming';
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

  it('phrase keys take only the phrase; other non-thing keys refuse the segment', () => {
    expect(segmentSourceProblem('phrase3', 'segmentPhrase')).toBeNull();
    expect(segmentSourceProblem('phrase3', 'segmentName')).toMatch(/phrase 字段.*客户分群（短语）/);
    expect(segmentSourceProblem('thing1', 'segmentName')).toBeNull();
    expect(segmentSourceProblem('thing1', 'segmentPhrase')).toBeNull();
    expect(segmentSourceProblem('name3', 'segmentName')).toMatch(/只能用于 thing 或 phrase/);
    expect(segmentSourceProblem('name3', 'segmentPhrase')).toMatch(/只能用于 thing 或 phrase/);
  });

  it('renders per key: phrase → segmentPhrase, thing → shortened name; missing → null', () => {
    const p = { segmentName: LONG, segmentPhrase: '沉睡客户' };
    expect(segmentValue('phrase2', 'segmentPhrase', p)).toBe('沉睡客户');
    expect(segmentValue('phrase2', 'segmentName', p)).toBeNull();
    expect(segmentValue('thing5', 'segmentName', p)).toBe(shortenForThing(LONG));
    expect(segmentValue('thing5', 'segmentPhrase', {})).toBeNull();
    expect(segmentValue('thing5', 'segmentName', { segmentName: '  ' })).toBeNull();
    const r = renderData(
      {
        phrase2: { from: 'profile', field: 'segmentPhrase' },
        thing5: { from: 'profile', field: 'segmentName' },
      },
      { profile: p, now: 0 },
    );
    expect(r.errors).toEqual([]);
    expect(r.data).toEqual({ phrase2: { value: '沉睡客户' }, thing5: { value: shortenForThing(LONG) } });
    expect(
      renderData({ phrase2: { from: 'profile', field: 'segmentPhrase' } }, { profile: {}, now: 0 }).errors,
    ).toHaveLength(1);
  });

  it('every phrase the segment job can write fits a phrase key (even of an older model)', () => {
    for (const v of Object.values(RULE_PHRASES)) {
      expect(checkFieldValue('phrase1', v)).toBeNull();
      expect(wechatCheck('phrase1', v)).toBeNull();
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
        '高价值忠诚客户2',
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

  it('thing keys always accept a non-blank segment name; phrase keys never take the name', () => {
    fc.assert(
      fc.property(text, (name) => {
        const ctx: ValidationContext = {
          templates: [{ templateId: 't', title: 't', keys: ['thing1', 'phrase2'] }],
          segments: [{ id: 1, name, phrase: '新客' }],
          product: null,
          now: 0,
        };
        const thing = validateCampaign(
          {
            ...base,
            data: {
              thing1: { from: 'profile', field: 'segmentName' },
              phrase2: { from: 'profile', field: 'segmentPhrase' },
            },
          },
          ctx,
        );
        expect(thing.ok).toBe(name.trim() !== '');
        const phrase = validateCampaign(
          {
            ...base,
            data: {
              thing1: { from: 'text', value: 'x' },
              phrase2: { from: 'profile', field: 'segmentName' },
            },
          },
          ctx,
        );
        expect(phrase.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
