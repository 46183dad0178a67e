import { InvalidCronError, nextFireTime, parseTriggerCron, validateTriggerCron } from './cron';

describe('parseTriggerCron', () => {
  it('accepts WeChat examples', () => {
    for (const e of ['0 0 2 * * * *', '*/5 * * * * * *', '0 0 10,14,16 * * * *', '0 */30 9-17 * * * *', '0 0 12 * * WED *', '0 0 2 1 * ? *', '0 0 0 1 JAN-MAR * 2030']) {
      expect(validateTriggerCron(e)).toBeNull();
    }
  });
  it('refuses bad ones with the field at fault', () => {
    expect(() => parseTriggerCron('0 0 2 * * *')).toThrow(/7: second minute/);
    expect(() => parseTriggerCron('0 60 2 * * * *')).toThrow(/minute value 60/);
    expect(() => parseTriggerCron('0 0 2 * * 8 *')).toThrow(/weekday value 8/);
    expect(() => parseTriggerCron('0 0 2 * * * 1969')).toThrow(/year value 1969/);
    expect(() => parseTriggerCron('? 0 2 * * * *')).toThrow(/only allowed in the day and weekday/);
    expect(() => parseTriggerCron('0 0 x * * * *')).toThrow(InvalidCronError);
    expect(() => parseTriggerCron('0 0 5-2 * * * *')).toThrow(/backwards/);
    expect(() => parseTriggerCron('0 0 */0 * * * *')).toThrow(/step/);
  });
  it('evaluates in UTC+8', () => {
    const p = parseTriggerCron('0 0 2 * * * *');
    const next = nextFireTime(p, new Date('2026-01-01T00:00:00Z'));
    expect(next?.toISOString()).toBe('2026-01-01T18:00:00.000Z');
  });
  it('honours the year field', () => {
    const p = parseTriggerCron('0 0 0 1 1 * 2030');
    expect(nextFireTime(p, new Date('2026-05-01T00:00:00Z'))?.toISOString()).toBe('2029-12-31T16:00:00.000Z');
    expect(nextFireTime(parseTriggerCron('0 0 0 1 1 * 2020'), new Date('2026-05-01T00:00:00Z'))).toBeNull();
  });
  it('ORs day and weekday when both are restricted', () => {
    const p = parseTriggerCron('0 0 0 15 * MON *');
    // 2026-06-01 is a Monday (UTC+8), the 15th is another fire day.
    const a = nextFireTime(p, new Date('2026-05-31T00:00:00Z'));
    expect(a?.toISOString()).toBe('2026-05-31T16:00:00.000Z');
  });
});
