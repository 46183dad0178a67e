/**
 * Timer triggers from config.json fire through the runtime with SOURCE wx_trigger, no OPENID and
 * WeChat's timer event; invalid expressions are refused with a clear reason.
 */
import { devFetch } from '../../scripts/local-cloud';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TimerRun } from '../../scripts/local-cloud/timers/scheduler';
import { FIXTURE_FUNCTIONS, startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

let fc: FixtureCloud | undefined;
afterEach(async () => {
  await fc?.close();
  fc = undefined;
});

it('fires an every-second trigger as wx_trigger without OPENID', async () => {
  const runs: TimerRun[] = [];
  let seen: (r: TimerRun) => void = () => undefined;
  const twoRuns = new Promise<void>((resolve) => {
    seen = (r) => {
      runs.push(r);
      if (runs.length >= 2) resolve();
    };
  });
  fc = await startFixtureCloud({ timers: { only: ['ticker'], onRun: (r) => seen(r) } });
  await twoRuns;
  const [first, second] = runs;
  expect(first.ok).toBe(true);
  const result = first.result as { event: { Type: string; TriggerName: string; Time: string }; ctx: Record<string, unknown> };
  expect(result.event).toMatchObject({ Type: 'Timer', TriggerName: 'everySecond' });
  expect(result.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(result.ctx.SOURCE).toBe('wx_trigger');
  expect(result.ctx.OPENID).toBeUndefined();
  expect(second.firedAt.getTime()).toBeGreaterThan(first.firedAt.getTime());
  expect(fc.cloud.timers?.list()).toEqual([expect.objectContaining({ fn: 'ticker', trigger: 'everySecond', cron: '* * * * * * *' })]);
});

it('holds every trigger until released (npm start seeds a fresh data dir under a hold)', async () => {
  const runs: TimerRun[] = [];
  let seen: () => void = () => undefined;
  fc = await startFixtureCloud({ timers: { only: ['ticker'], onRun: (r) => (runs.push(r), seen()) } });
  const release = fc.cloud.timers!.hold();
  await new Promise((r) => setTimeout(r, 2_300));
  expect(runs).toHaveLength(0);
  expect(fc.cloud.timers!.list()[0].skipped).toBeGreaterThanOrEqual(2);
  const after = Date.now();
  const next = new Promise<void>((resolve) => (seen = resolve));
  release();
  release(); // idempotent: a second call must not release someone else's hold
  await next;
  expect(runs[0].firedAt.getTime()).toBeGreaterThanOrEqual(after - 1_000);
});

it('fires a trigger on demand through POST /dev/trigger/:fn', async () => {
  fc = await startFixtureCloud();
  const res = await devFetch(fc.cloud.url, fc.cloud.credentials, '/dev/trigger/ticker', 'POST');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result: { event: { TriggerName: string }; ctx: Record<string, unknown> } };
  expect(body.result.event.TriggerName).toBe('everySecond');
  expect(body.result.ctx.SOURCE).toBe('wx_trigger');
  expect((await devFetch(fc.cloud.url, fc.cloud.credentials, '/dev/trigger/echo', 'POST')).status).toBe(404);
  expect((await fetch(`${fc.cloud.url}/dev/trigger/ticker`, { method: 'POST' })).status).toBe(401); // operators only
});

it('refuses an invalid trigger expression and schedules nothing for it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-badcron-'));
  try {
    fs.mkdirSync(path.join(dir, 'badtimer'));
    fs.copyFileSync(path.join(FIXTURE_FUNCTIONS, 'ticker', 'index.ts'), path.join(dir, 'badtimer', 'index.ts'));
    fs.writeFileSync(
      path.join(dir, 'badtimer', 'config.json'),
      JSON.stringify({ triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * *' }] }),
    );
    const invalid: string[] = [];
    fc = await startFixtureCloud({ functionsDir: dir, timers: { onInvalid: (fn, t, msg) => invalid.push(`${fn}/${t}: ${msg}`) } });
    expect(invalid).toEqual([expect.stringMatching(/^badtimer\/nightly: cron "0 0 2 \* \* \*" has 6 fields; WeChat timers need 7/)]);
    expect(fc.cloud.timers?.list()).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
