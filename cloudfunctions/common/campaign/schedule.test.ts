import { assertCron, inQuietHours, nextCronRun, quietHoursEnd } from './schedule';

/** ms of a wall-clock time in UTC+8. */
const cn = (iso: string): number => Date.parse(`${iso}+08:00`);

describe('quiet hours (UTC+8)', () => {
  const q = { start: '22:00', end: '08:00' };
  it('wraps midnight', () => {
    expect(inQuietHours(q, cn('2026-11-23T23:30:00'))).toBe(true);
    expect(inQuietHours(q, cn('2026-11-23T07:59:00'))).toBe(true);
    expect(inQuietHours(q, cn('2026-11-23T08:00:00'))).toBe(false);
    expect(inQuietHours(q, cn('2026-11-23T21:59:00'))).toBe(false);
  });
  it('handles a same-day window and none', () => {
    expect(inQuietHours({ start: '12:00', end: '14:00' }, cn('2026-11-23T13:00:00'))).toBe(true);
    expect(inQuietHours({ start: '12:00', end: '14:00' }, cn('2026-11-23T14:00:00'))).toBe(false);
    expect(inQuietHours(null, cn('2026-11-23T03:00:00'))).toBe(false);
  });
  it('says when the window ends', () => {
    expect(quietHoursEnd(q, cn('2026-11-23T23:30:00'))).toBe(cn('2026-11-24T08:00:00'));
    expect(quietHoursEnd(q, cn('2026-11-23T03:00:00'))).toBe(cn('2026-11-23T08:00:00'));
    expect(quietHoursEnd(q, cn('2026-11-23T12:00:00'))).toBe(cn('2026-11-23T12:00:00'));
  });
});

describe('7-field cron', () => {
  it('finds the next run in UTC+8', () => {
    expect(nextCronRun('0 0 10 * * * *', cn('2026-11-23T09:00:00'))).toBe(cn('2026-11-23T10:00:00'));
    expect(nextCronRun('0 0 10 * * * *', cn('2026-11-23T10:00:00'))).toBe(cn('2026-11-24T10:00:00'));
  });
  it('honours the year field', () => {
    expect(nextCronRun('0 0 10 1 1 * 2027', cn('2026-11-23T09:00:00'))).toBe(cn('2027-01-01T10:00:00'));
    expect(nextCronRun('0 0 10 1 1 * 2025', cn('2026-11-23T09:00:00'))).toBeNull();
  });
  it('refuses malformed expressions', () => {
    expect(() => assertCron('0 0 10 * * *')).toThrow(/7 个字段/);
    expect(() => assertCron('0 0 99 * * * *')).toThrow(/^发送时间格式不正确/);
    expect(() => assertCron('0 0 10 * * * 20x')).toThrow(/^发送时间的年份应为四位数字/);
    // staff read these beside 发送时间: no croner English, no wire word, not the text they typed
    for (const bad of ['0 0 10 * * *', '0 0 99 * * * *', '0 0 10 * * * 20x', 'x y z a b c d'])
      expect(() => assertCron(bad)).toThrow(/^[^A-Za-z]*$/);
  });
});
