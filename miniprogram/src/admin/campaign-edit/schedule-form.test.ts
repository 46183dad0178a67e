import fc from 'fast-check';
import { campaignInput } from '../../../../cloudfunctions/common/campaign/campaign-schema';
import { MERCHANT_TEMPLATES } from '../../../../cloudfunctions/common/campaign/merchant-templates';
import { cronToPick } from '../../../../cloudfunctions/common/contracts/schedule-pick';
import { formOf, kindOfTemplate, newForm, toPayload } from './form-state';
import { NEW_SCHEDULE, scheduleFormOf, scheduleProblem, schedulePayload, scheduleWords, switchMode } from './schedule-form';

const NOW = Date.parse('2026-12-06T04:00:00Z'); // 12:00 in Beijing
const pad = (n: number) => String(n).padStart(2, '0');
const hm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));

describe('campaign editor: schedule', () => {
  it('a stored cron the picker can show opens in the picker and saves as the same schedule', () => {
    const stored = fc.oneof(
      hm.map(([h, m]) => `0 ${m} ${h} * * * *`),
      fc.tuple(hm, fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 })).map(([[h, m], d]) => `0 ${m} ${h} * * ${[...d].sort().join(',')} *`),
      fc.tuple(hm, fc.integer({ min: 1, max: 31 })).map(([[h, m], d]) => `0 ${m} ${h} ${d} * * *`),
      fc.tuple(hm, fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 })).map(([[h, m], d, mo]) => `0 ${m} ${h} ${d} ${mo} * 2027`),
    );
    fc.assert(
      fc.property(stored, (cron) => {
        const f = scheduleFormOf({ kind: 'cron', cron });
        expect(f.mode).not.toBe('advanced');
        expect(scheduleProblem(f, NOW)).toBeNull();
        expect(schedulePayload(f)).toEqual({ kind: 'cron', cron });
      }),
    );
  });

  it('a cron the picker cannot show opens in 高级 and is saved unchanged, described as it is', () => {
    for (const cron of ['0 */15 9-18 * * 1-5 *', '30 0 10 * * * *', '0 0 9,18 * * * *']) {
      expect(cronToPick(cron)).toBeNull();
      const f = scheduleFormOf({ kind: 'cron', cron });
      expect(f.mode).toBe('advanced');
      expect(schedulePayload(f)).toEqual({ kind: 'cron', cron });
      expect(scheduleWords(f, NOW)).toBe(`自定义 cron「${cron}」（北京时间）`);
    }
  });

  it('switching keeps what the schedule says: 高级 opens with the pick as cron, and back', () => {
    const week = { ...NEW_SCHEDULE, mode: 'week' as const, days: [1, 3, 5], time: '09:30' };
    expect(scheduleWords(week, NOW)).toBe('每周一、三、五 09:30 发送（北京时间）');
    const raw = switchMode(week, 'advanced', NOW);
    expect(raw.cron).toBe('0 30 9 * * 1,3,5 *');
    expect(switchMode({ ...raw, cron: '0 0 20 * * 6,0 *' }, 'week', NOW)).toMatchObject({ mode: 'week', days: [6, 7], time: '20:00' });
    // a one-off starts on tomorrow's date (Beijing), at the time already chosen
    expect(switchMode(week, 'once', NOW)).toMatchObject({ mode: 'once', date: '2026-12-07', time: '09:30' });
    expect(scheduleProblem({ ...week, mode: 'once', date: '2026-12-06', time: '11:59' }, NOW)).toContain('已经过去');
    expect(scheduleProblem({ ...week, days: [] }, NOW)).toBe('请至少选择一天');
    expect(scheduleProblem({ ...NEW_SCHEDULE, mode: 'advanced', cron: ' ' }, NOW)).toBe('请填写 cron');
  });

  it('the campaign payload carries the picked cron, which the server contract accepts', () => {
    const f = { ...newForm(MERCHANT_TEMPLATES[3]), name: '每月提醒', schedule: { ...NEW_SCHEDULE, mode: 'month' as const, monthDay: '15', time: '08:05' } };
    for (const k of Object.keys(f.keys)) f.keys[k] = { source: 'text', text: 'x' };
    const parsed = campaignInput.parse(toPayload(f));
    expect(parsed.schedule).toEqual({ kind: 'cron', cron: '0 5 8 15 * * *' });
    const back = formOf({ ...parsed, _id: 'c1', status: 'draft', createdBy: 's', createdAt: 0, updatedAt: 0, nextRunAt: null });
    expect(back.schedule).toMatchObject({ mode: 'month', monthDay: '15', time: `${pad(8)}:05` });
  });

  it('the notice kind follows the template: one choice, not two', () => {
    expect(MERCHANT_TEMPLATES.map((t) => kindOfTemplate(t, 'reminder'))).toEqual(['price_drop', 'back_in_stock', 'order_status', 'reminder']);
    expect(newForm(MERCHANT_TEMPLATES[1]).kind).toBe('back_in_stock');
  });
});
