import { nextSendHold } from './next-send';

const bj = (d: number, h: number, m: number): number => Date.UTC(2026, 11, d, h - 8, m);
const quiet = { start: '22:00', end: '08:00' };
const now = bj(7, 13, 0);

describe('what holds the next send of a campaign whose template is refused (43107)', () => {
  it('the ban, when its next try is the last thing the campaign waits for', () => {
    expect(nextSendHold({ nextRunAt: now - 60_000, quietHours: quiet }, now, bj(7, 13, 30))).toEqual({ reason: 'ban', at: bj(7, 13, 30) });
    // Due already: the next tick tries it.
    expect(nextSendHold({ nextRunAt: now, quietHours: null }, now, now - 5_000)).toEqual({ reason: 'ban', at: now });
  });

  it('quiet hours, when the try would fall inside them (the tick that takes it up moves it to their end)', () => {
    expect(nextSendHold({ nextRunAt: now, quietHours: quiet }, now, bj(7, 22, 30))).toEqual({ reason: 'quiet_hours', at: bj(8, 8, 0) });
    // In quiet hours now, the ban's try long due.
    const night = bj(7, 23, 0);
    expect(nextSendHold({ nextRunAt: night, quietHours: quiet }, night, bj(7, 21, 0))).toEqual({ reason: 'quiet_hours', at: bj(8, 8, 0) });
    // Deferred by the dispatcher to their end already, the ban's try before it.
    expect(nextSendHold({ nextRunAt: bj(8, 8, 0), quietHours: quiet, deferredReason: 'quiet_hours' }, night, bj(7, 23, 1))).toEqual({ reason: 'quiet_hours', at: bj(8, 8, 0) });
  });

  it("WeChat's daily quota (45009), when the next day starts after the try", () => {
    expect(nextSendHold({ nextRunAt: bj(8, 0, 0), quietHours: null, deferredReason: 'daily_quota' }, now, bj(7, 14, 0))).toEqual({ reason: 'daily_quota', at: bj(8, 0, 0) });
    // The next day starts inside quiet hours: those hold it longest.
    expect(nextSendHold({ nextRunAt: bj(8, 0, 0), quietHours: quiet, deferredReason: 'daily_quota' }, now, bj(7, 14, 0))).toEqual({ reason: 'quiet_hours', at: bj(8, 8, 0) });
    // The back-off's try after the next day started: the ban.
    expect(nextSendHold({ nextRunAt: bj(8, 0, 0), quietHours: null, deferredReason: 'daily_quota' }, bj(7, 23, 59), bj(8, 0, 30))).toEqual({ reason: 'ban', at: bj(8, 0, 30) });
  });

  it('the schedule, when its next fire comes after the try', () => {
    expect(nextSendHold({ nextRunAt: bj(8, 9, 0), quietHours: quiet }, now, bj(7, 13, 1))).toEqual({ reason: 'schedule', at: bj(8, 9, 0) });
    // A tie is the ban's: it still has to be lifted.
    expect(nextSendHold({ nextRunAt: bj(7, 14, 0), quietHours: null }, now, bj(7, 14, 0))).toEqual({ reason: 'ban', at: bj(7, 14, 0) });
  });

  it('nothing, without a ban and with nothing else to wait for', () => {
    expect(nextSendHold({ nextRunAt: now - 1, quietHours: quiet }, now)).toEqual({ reason: 'none', at: now });
    expect(nextSendHold({ nextRunAt: null, quietHours: null }, now, null)).toEqual({ reason: 'none', at: now });
  });
});
