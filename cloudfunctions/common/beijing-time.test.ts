/**
 * The server's Beijing time (beijing-time.ts): midnight in Beijing is 16:00 UTC the day before,
 * whatever zone the process runs in; and it reads a time as the app does
 * (miniprogram/src/services/beijing-time.ts).
 */
import fc from 'fast-check';
import { beijingDay as appDay } from '../../miniprogram/src/services/beijing-time';
import {
  BEIJING_OFFSET_MS,
  beijingClock,
  beijingDayIndex,
  beijingDayStart,
  beijingDayStartOfIndex,
  beijingHour,
  beijingIsoDay,
  DAY_MS,
  fromBeijingWallClock,
  nextBeijingMidnight,
} from './beijing-time';

const at = (iso: string) => Date.parse(iso);
/** Times from 1971 to 2100 (ms). */
const times = fc.integer({ min: 365 * DAY_MS, max: Date.UTC(2100, 0, 1) });

describe('Beijing time on the server', () => {
  it('turns the day at 16:00 UTC', () => {
    expect(beijingIsoDay(at('2026-12-05T15:59:59.999Z'))).toBe('2026-12-05');
    expect(beijingIsoDay(at('2026-12-05T16:00:00Z'))).toBe('2026-12-06');
    expect(beijingDayStart(at('2026-12-06T03:00:00Z'))).toBe(at('2026-12-05T16:00:00Z'));
    expect(beijingDayStart(at('2026-12-05T16:00:00Z'))).toBe(at('2026-12-05T16:00:00Z'));
    expect(nextBeijingMidnight(at('2026-12-05T16:00:00Z'))).toBe(at('2026-12-06T16:00:00Z'));
    expect(nextBeijingMidnight(at('2026-12-05T15:59:59Z'))).toBe(at('2026-12-05T16:00:00Z'));
    expect(beijingHour(at('2026-12-05T16:30:00Z'))).toBe(0);
    expect(beijingHour(at('2026-12-05T15:30:00Z'))).toBe(23);
    expect(fromBeijingWallClock(2026, 12, 24, 10, 0)).toBe(at('2026-12-24T02:00:00Z'));
    expect(beijingDayIndex(at('1970-01-01T16:00:00Z'))).toBe(1);
    expect(beijingClock(0).getUTCHours()).toBe(8);
  });

  it('agrees with itself and with the app at every time', () => {
    fc.assert(
      fc.property(times, (ms) => {
        const start = beijingDayStart(ms);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms - start).toBeLessThan(DAY_MS);
        expect(beijingDayStartOfIndex(beijingDayIndex(ms))).toBe(start);
        expect(nextBeijingMidnight(ms)).toBe(start + DAY_MS);
        expect(beijingHour(start)).toBe(0);
        const [y, m, d] = beijingIsoDay(ms).split('-').map(Number);
        // The day the app shows (its own calendar fields) is the day the server counts.
        expect(appDay(ms)).toBe(`${y}年${m}月${d}日`);
        expect(fromBeijingWallClock(y, m, d)).toBe(start);
        expect(beijingHour(ms)).toBe(Math.floor(((ms + BEIJING_OFFSET_MS) % DAY_MS) / 3_600_000));
      }),
    );
  });
});
