import { beijingDay, beijingIsoDay, beijingShortTime } from './beijing-time';

describe('Beijing time', () => {
  // 2026-12-04 16:30 UTC is 2026-12-05 00:30 in Beijing: the merchant saw 12月4日 beside 12月5日.
  const justAfterMidnight = Date.UTC(2026, 11, 4, 16, 30);

  it('shows the Beijing calendar day, not the device zone', () => {
    expect(beijingDay(justAfterMidnight)).toBe('2026年12月5日');
    expect(beijingShortTime(justAfterMidnight)).toBe('12-05 00:30');
    expect(beijingIsoDay(justAfterMidnight)).toBe('2026-12-05');
  });

  it('does not depend on the process time zone', () => {
    const before = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        expect(beijingDay(justAfterMidnight)).toBe('2026年12月5日');
      }
    } finally {
      process.env.TZ = before;
    }
  });

  it('says nothing for a missing time', () => {
    expect(beijingDay(null)).toBe('');
    expect(beijingShortTime(undefined)).toBe('—');
  });
});
