import fc from 'fast-check';
import { z } from 'zod';
import { campaignInput } from '../campaign/campaign-schema';
import { validateCampaign } from '../campaign/validate-campaign';
import { eventEnvelope } from './events';
import './zod-zh';

const CJK = /[\u4e00-\u9fff]/;
const ENGLISH_DEFAULT = /\b(String|Expected|Required|Invalid|received|character|Number must|Array must)\b/;

function messagesOf(schema: z.ZodTypeAny, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe('Chinese zod messages', () => {
  it('an empty fixed-text template field says so in Chinese (the merchant report)', () => {
    const r = validateCampaign(
      {
        name: '降价提醒',
        kind: 'price_drop',
        segments: [],
        templateId: 'tpl_price_drop',
        data: { thing1: { from: 'text', value: '' } },
        page: 'pages/index/index',
        schedule: { kind: 'now' },
      },
      { templates: [], segments: [], product: null, now: 0 },
    );
    expect(r.ok).toBe(false);
    const msg = r.ok ? '' : r.problems.find((p) => p.path === 'data.thing1.value')?.message;
    // named as the editor names the group of template fields (contracts/staff-labels.ts), shown beside 「…（thing1）」
    expect(msg).toBe('通知内容不能为空');
  });

  it('every built-in issue kind is Chinese', () => {
    const cases: Array<[z.ZodTypeAny, unknown]> = [
      [z.string(), undefined],
      [z.string(), 3],
      [z.string().min(3), 'a'],
      [z.string().max(2), 'abc'],
      [z.number().int().min(1), 0],
      [z.number().max(5), 9],
      [z.array(z.number()).min(1), []],
      [z.enum(['a', 'b']), 'c'],
      [z.literal('x'), 'y'],
      [z.object({}).strict(), { extra: 1 }],
      [z.union([z.string(), z.number()]), true],
      [z.discriminatedUnion('k', [z.object({ k: z.literal('a') })]), { k: 'b' }],
      [z.string().regex(/^a$/), 'b'],
      [z.number().multipleOf(3), 4],
      [z.number().finite(), Infinity],
      [z.date(), new Date('x')],
      [z.number().refine(() => false), 1],
    ];
    for (const [schema, input] of cases) {
      const msgs = messagesOf(schema, input);
      expect(msgs.length).toBeGreaterThan(0);
      for (const m of msgs) {
        expect(m).toMatch(CJK);
        expect(m).not.toMatch(ENGLISH_DEFAULT);
      }
    }
  });

  it('no campaign or event input, however malformed, yields an English message', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        for (const m of [...messagesOf(campaignInput, a), ...messagesOf(eventEnvelope, b)]) {
          expect(m).toMatch(CJK);
          expect(m).not.toMatch(ENGLISH_DEFAULT);
        }
      }),
      { numRuns: 300 },
    );
  });
});
