import { isTimerEvent } from './timer-event';

describe('isTimerEvent', () => {
  it('takes both spellings SCF documents, with or without Message, TriggerName or Time', () => {
    expect(isTimerEvent({ Type: 'Timer', TriggerName: 'every-10-min', Time: '2026-12-06T04:50:00Z' })).toBe(true);
    expect(isTimerEvent({ Type: 'timer', TriggerName: 'every-10-min', Time: '2026-12-06T04:50:00Z', Message: '' })).toBe(true);
    expect(isTimerEvent({ Type: 'timer', TriggerName: 'x', Time: 't', Message: { any: 'json' } })).toBe(true);
    expect(isTimerEvent({ Type: 'TIMER' })).toBe(true);
    // Nothing reads the other fields: another type or length than SCF's pages show is no reason to refuse a tick.
    expect(isTimerEvent({ Type: 'Timer', TriggerName: 'x'.repeat(65), Time: 1765000000 })).toBe(true);
  });

  it('refuses anything whose Type is not the timer', () => {
    for (const e of [null, undefined, {}, 'timer', { type: 'timer' }, { Type: 'timers' }, { Type: 'cos' }, { Type: 1 }, { action: 'run' }])
      expect(isTimerEvent(e)).toBe(false);
  });
});
