/**
 * Timer triggers from config.json fire through the runtime with SOURCE wx_trigger, no OPENID and
 * WeChat's timer event; invalid expressions are refused with a clear reason.
 */
import { devFetch } from '../../scripts/local-cloud';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TimerRun } from '../../scripts/local-cloud/timers/scheduler';
import { waitUntil } from '../helpers/wait-until';
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
  // Two ticks (runs overlap, so they may finish out of order: the first is a cold start).
  expect(second.firedAt.getTime()).not.toBe(first.firedAt.getTime());
  expect(fc.cloud.timers?.list()).toEqual([expect.objectContaining({ fn: 'ticker', trigger: 'everySecond', cron: '* * * * * * *' })]);
});

it('holds every trigger until released (npm start seeds a fresh data dir under a hold)', async () => {
  const runs: TimerRun[] = [];
  let seen: () => void = () => undefined;
  fc = await startFixtureCloud({ timers: { only: ['ticker'], onRun: (r) => (runs.push(r), seen()) } });
  const release = fc.cloud.timers!.hold();
  // Two ticks held back (counted as skipped), however late a loaded machine delivers them.
  await waitUntil(() => fc!.cloud.timers!.list()[0].skipped >= 2, { what: 'two held ticks' });
  expect(runs).toHaveLength(0);
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

it('fires every tick while earlier runs still go, and re-delivers a run that threw (the stricter reading of WeChat timers)', async () => {
  const runs: TimerRun[] = [];
  let seen: () => void = () => undefined;
  fc = await startFixtureCloud({ timers: { only: ['tickfail'], retryDelayMs: 100, onRun: (r) => (runs.push(r), seen()) } });
  const firstFire = () => runs.filter((r) => r.firedAt.getTime() === runs[0]?.firedAt.getTime());
  await new Promise<void>((resolve) => (seen = () => firstFire().length === 3 && resolve()));
  fc.cloud.timers!.stop();
  // Each run takes 1.5 s on an every-second trigger: runs of different ticks overlapped.
  const ticks = new Set(runs.map((r) => r.firedAt.getTime()));
  expect(ticks.size).toBeGreaterThanOrEqual(2);
  expect(fc.cloud.timers!.list()[0].skipped).toBe(0);
  // The first tick's event was delivered three times (the run and two re-deliveries), then no more.
  expect(firstFire().map((r) => [r.attempt, r.ok])).toEqual([
    [0, false],
    [1, false],
    [2, false],
  ]);
  expect(firstFire()[2].error).toContain(`boom ${runs[0].firedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
});

it('skips a tick while its previous run goes and never re-delivers, when asked to (overlap: skip, retries: 0)', async () => {
  const runs: TimerRun[] = [];
  fc = await startFixtureCloud({ timers: { only: ['tickfail'], overlap: 'skip', retries: 0, onRun: (r) => runs.push(r) } });
  // A run (1.5 s) has ended and a tick was skipped while one went: polled, since a loaded machine
  // stretches both the cold start and the ticks.
  await waitUntil(() => runs.length >= 2 && fc!.cloud.timers!.list()[0].skipped >= 1, { what: 'two runs and a skipped tick' });
  fc.cloud.timers!.stop();
  expect(fc.cloud.timers!.list()[0].skipped).toBeGreaterThanOrEqual(1);
  expect(runs.every((r) => r.attempt === 0)).toBe(true);
  expect(new Set(runs.map((r) => r.firedAt.getTime())).size).toBe(runs.length);
});
