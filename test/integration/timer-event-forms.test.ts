/**
 * Every timer-triggered function runs its tick whichever form of the timer event the cloud sends.
 * WeChat documents the trigger, not its event; Tencent SCF's pages write `Type` as "Timer" and as
 * "timer" (with a `Message`), so the local cloud can send either (`QX_TIMER_EVENT`,
 * timers/scheduler.ts) and the product must take both (common/contracts/timer-event.ts). Before,
 * segment, value, refit and dispatch took only `Type: 'Timer'` with `TriggerName` and `Time`: under
 * the other form every tick answered INVALID_INPUT and no job would ever have run.
 * Real functions, real wx-server-sdk, SOURCE wx_trigger and no OPENID, as a timer calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import { timerEvent, timerEventForm, type TimerEventForm } from '../../scripts/local-cloud/timers/scheduler';
import type { Reply } from '../helpers/reply';
import { startIngestCloud, type IngestCloud } from './track-cloud';

const FUNCTIONS = path.join(__dirname, '..', '..', 'cloudfunctions');
/** Each function with a timer trigger, and its trigger's name (config.json). */
const TIMED = fs
  .readdirSync(FUNCTIONS)
  .filter((fn) => fs.existsSync(path.join(FUNCTIONS, fn, 'config.json')))
  .map((fn) => ({ fn, triggers: (JSON.parse(fs.readFileSync(path.join(FUNCTIONS, fn, 'config.json'), 'utf8')).triggers ?? []) as Array<{ name: string }> }))
  .filter((f) => f.triggers.length > 0)
  .map((f) => ({ fn: f.fn, trigger: f.triggers[0].name }));

let c: IngestCloud;
beforeAll(async () => {
  c = await startIngestCloud(2);
}, 120_000);
afterAll(() => c?.close());

it('finds the six timed functions', () => {
  expect(TIMED.map((t) => t.fn).sort()).toEqual(['dispatch', 'rebuild', 'refit', 'retention', 'segment', 'value']);
});

it('QX_TIMER_EVENT names the form, and nothing else is guessed', () => {
  expect(timerEventForm(undefined)).toBe('Timer');
  expect(timerEventForm('timer')).toBe('timer');
  expect(() => timerEventForm('TIMER')).toThrow(/QX_TIMER_EVENT/);
  expect(timerEvent('t', new Date(0), 'timer')).toEqual({ Type: 'timer', TriggerName: 't', Time: '1970-01-01T00:00:00Z', Message: '' });
});

describe.each<TimerEventForm>(['Timer', 'timer'])('timer event form %s', (form) => {
  it.each(TIMED.map((t) => [t.fn, t.trigger]))('%s runs its tick', async (fn, trigger) => {
    const reply = (await c.cloud.invokeFunction(fn, timerEvent(trigger, new Date(), form), { source: 'wx_trigger' })) as Reply;
    expect(reply.error).toBeUndefined();
    expect(reply.ok).toBe(true);
  }, 120_000);
});
