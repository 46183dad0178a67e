import fc from 'fast-check';
import { beijingClock } from '../beijing-time';
import { assertCron, nextCronRun } from '../campaign/schedule';
import { cronToPick, describeCron, describePick, pickProblem, pickToCron, type SchedulePick } from './schedule-pick';

const pad = (n: number) => String(n).padStart(2, '0');
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${pad(h)}:${pad(m)}`);
const date = fc
  .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const pick: fc.Arbitrary<SchedulePick> = fc.oneof(
  time.map((t) => ({ every: 'day' as const, time: t })),
  fc
    .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }), time)
    .map(([days, t]) => ({ every: 'week' as const, days: [...days].sort((a, b) => a - b), time: t })),
  fc.tuple(fc.integer({ min: 1, max: 31 }), time).map(([day, t]) => ({ every: 'month' as const, day, time: t })),
  fc.tuple(date, time).map(([d, t]) => ({ every: 'once' as const, date: d, time: t })),
);
const start = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.getTime());
/** Beijing wall clock of `ms`. */
const cn = (ms: number) => {
  const d = beijingClock(ms);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: d.getUTCDay() || 7, hm: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`, s: d.getUTCSeconds() };
};
const runs = (cron: string, from: number, n: number): Array<number | null> => {
  const out: Array<number | null> = [];
  let t: number | null = from;
  for (let i = 0; i < n && t !== null; i++) out.push((t = nextCronRun(cron, t)));
  return out;
};

describe('schedule picker ⇄ 7-field cron', () => {
  it('round-trips every pick through its cron, and croner accepts the cron', () => {
    fc.assert(
      fc.property(pick, (p) => {
        const cron = pickToCron(p);
        expect(cron.split(' ')).toHaveLength(7);
        expect(() => assertCron(cron)).not.toThrow();
        expect(cronToPick(cron)).toEqual(p);
      }),
    );
  });

  it('the cron fires when the pick says, by the backend\'s own reading (croner, Beijing time)', () => {
    fc.assert(
      fc.property(pick, start, (p, from) => {
        const [next] = runs(pickToCron(p), from, 1);
        if (p.every === 'once') {
          const at = Date.parse(`${p.date}T${p.time}:00+08:00`);
          expect(next).toBe(at > from ? at : null);
          return;
        }
        expect(next).not.toBeNull();
        const w = cn(next as number);
        expect(w.hm).toBe(p.time);
        expect(w.s).toBe(0);
        if (p.every === 'day') expect(next as number).toBeLessThanOrEqual(from + 86400_000);
        if (p.every === 'week') expect(p.days).toContain(w.wd);
        if (p.every === 'month') expect(w.d).toBe(p.day);
      }),
      { numRuns: 200 },
    );
  });

  it('a cron written another way the picker can show (ranges, 7 for Sunday, 07) keeps its fire times', () => {
    const spelled = fc.tuple(
      fc.integer({ min: 0, max: 59 }),
      fc.integer({ min: 0, max: 23 }),
      fc.constantFrom('*', '1-5', '0', '7', '6,0', '1,3-5', '0-6', '2'),
      fc.boolean(),
    );
    fc.assert(
      fc.property(spelled, start, ([m, h, wd, zero], from) => {
        const cron = `0 ${zero ? pad(m) : m} ${zero ? pad(h) : h} * * ${wd} *`;
        const p = cronToPick(cron);
        expect(p).not.toBeNull();
        expect(runs(pickToCron(p as SchedulePick), from, 3)).toEqual(runs(cron, from, 3));
      }),
      { numRuns: 150 },
    );
  });

  it('leaves crons it cannot show to the 高级 field', () => {
    for (const cron of [
      '30 0 10 * * * *', // seconds
      '0 */15 * * * * *', // steps
      '0 0 9,18 * * * *', // two hours
      '0 0 10 1 * 1 *', // a date and a weekday together
      '0 0 10 1 1,7 * *', // some months
      '0 0 10 * * MON *', // weekday names
      '0 0 10 ? * 1 *', // croner reads ? as the moment it parses, not as any day
      '0 0 10 31 2 * 2027', // no such day
      '0 0 10 * * * 2027', // every day of one year
      '0 0 10 * * *', // six fields
    ])
      expect(cronToPick(cron)).toBeNull();
  });

  it('says schedules in words, and quotes what it cannot say', () => {
    expect(describeCron('0 0 10 * * * *')).toBe('每天 10:00');
    expect(describeCron('0 30 9 * * 1-5 *')).toBe('每周一至五 09:30');
    expect(describeCron('0 0 20 * * 6,0 *')).toBe('每周六、日 20:00');
    expect(describeCron('0 0 20 * * 1,3,4,5,7 *')).toBe('每周一、三至五、日 20:00');
    expect(describeCron('0 0 8 15 * * *')).toBe('每月 15 号 08:00');
    expect(describeCron('0 0 8 31 * * *')).toBe('每月 31 号 08:00（没有这一天的月份不发送）');
    expect(describeCron('0 0 10 24 12 * 2026')).toBe('2026年12月24日 10:00（一次）');
    expect(describeCron('0 */15 * * * * *')).toBe('自定义 cron「0 */15 * * * * *」');
    expect(describePick({ every: 'week', days: [1, 2, 3, 4, 5, 6, 7], time: '07:00' })).toBe('每天 07:00');
  });

  it("refuses a pick that cannot be saved, in staff's words", () => {
    const now = Date.parse('2026-12-06T12:00:00Z'); // 20:00 in Beijing
    expect(pickProblem({ every: 'day', time: '9:00' }, now)).toContain('HH:mm');
    expect(pickProblem({ every: 'week', days: [], time: '09:00' }, now)).toBe('请至少选择一天');
    expect(pickProblem({ every: 'month', day: 32, time: '09:00' }, now)).toContain('1–31');
    expect(pickProblem({ every: 'once', date: '2026-02-30', time: '09:00' }, now)).toContain('年-月-日');
    expect(pickProblem({ every: 'once', date: '2026-12-06', time: '20:00' }, now)).toContain('已经过去');
    expect(pickProblem({ every: 'once', date: '2026-12-06', time: '20:01' }, now)).toBeNull();
  });
});
