/**
 * The function runtime: one invocation per instance, warm reuse, per-invocation identity,
 * timeouts and crashes, and cloud.callFunction between functions through /admin (real SDK).
 */
import { FunctionExecutionError, FunctionNotFoundError, FunctionTimeoutError } from '../../scripts/local-cloud/functions/errors';
import { startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

type Echo = { event: Record<string, unknown>; ctx: Record<string, unknown>; pid: number };

let fc: FixtureCloud;
beforeAll(async () => {
  fc = await startFixtureCloud();
});
afterAll(() => fc?.close());

const rt = () => fc.cloud.runtime;

it('starts cold, then reuses the warm instance', async () => {
  const a = await rt().invokeDetailed('echo', { n: 1 });
  const b = await rt().invokeDetailed('echo', { n: 2 });
  expect(a.cold).toBe(true);
  expect(b.cold).toBe(false);
  expect((b.result as Echo).pid).toBe((a.result as Echo).pid);
  expect((b.result as Echo).event).toEqual({ n: 2 });
});

it('runs concurrent calls in separate instances (one invocation per instance)', async () => {
  const outs = await Promise.all([1, 2, 3].map((n) => rt().invokeDetailed('echo', { n, delayMs: 400 })));
  const pids = new Set(outs.map((o) => (o.result as Echo).pid));
  expect(pids.size).toBe(3);
  expect(rt().stats().echo.instances).toBeGreaterThanOrEqual(3);
});

it('gives each invocation its own identity and never leaks it into the next', async () => {
  const [a, b] = (await Promise.all([
    rt().invokeFunction('echo', { delayMs: 100 }, { openid: 'o_alice', source: 'wx_client' }),
    rt().invokeFunction('echo', { delayMs: 100 }, { openid: 'o_bob', source: 'wx_client' }),
  ])) as Echo[];
  expect(a.ctx).toMatchObject({ OPENID: 'o_alice', SOURCE: 'wx_client', ENV: 'qx-local' });
  expect(b.ctx.OPENID).toBe('o_bob');
  for (let i = 0; i < 4; i++) {
    const anon = (await rt().invokeFunction('echo', {})) as Echo;
    expect(anon.ctx.OPENID).toBeUndefined();
    expect(anon.ctx.SOURCE).toBe('wx_devtools');
  }
});

it('ends a call that outlives config.json timeout with a clear error and replaces the instance', async () => {
  const first = (await rt().invokeFunction('slow', { ms: 5 })) as { pid: number };
  const t0 = Date.now();
  const err = await rt().invokeFunction('slow', { ms: 5000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FunctionTimeoutError);
  expect((err as Error).message).toMatch(/timed out after 1 seconds/);
  expect(Date.now() - t0).toBeLessThan(3000);
  const spin = await rt().invokeFunction('slow', { spin: true }).catch((e: unknown) => e);
  expect(spin).toBeInstanceOf(FunctionTimeoutError);
  const after = (await rt().invokeFunction('slow', { ms: 5 })) as { pid: number };
  expect(after.pid).not.toBe(first.pid);
});

it("gives a function whose config.json declares no timeout the cloud's default of 3 s, not 60", async () => {
  // CloudBase: 超时时间 默认 3 秒. A batch function that forgot its timeout is killed in
  // production at 3 s; here too (the old default, 60 s, let it finish).
  const err = await rt().invokeFunction('untimed', { ms: 4500 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FunctionTimeoutError);
  expect((err as Error).message).toMatch(/timed out after 3 seconds \(function untimed\)/);
});

it('turns a thrown error, an exit and an uncaught error into an error and recovers', async () => {
  const ok1 = (await rt().invokeFunction('crash', {})) as { pid: number };
  await expect(rt().invokeFunction('crash', { mode: 'throw' })).rejects.toThrow(/boom from crash fixture/);
  // A thrown error leaves the instance alive, like the cloud.
  expect(((await rt().invokeFunction('crash', {})) as { pid: number }).pid).toBe(ok1.pid);
  const exit = await rt().invokeFunction('crash', { mode: 'exit' }).catch((e: unknown) => e);
  expect(exit).toBeInstanceOf(FunctionExecutionError);
  expect((exit as Error).message).toMatch(/exited during the invocation/);
  await expect(rt().invokeFunction('crash', { mode: 'uncaught' })).rejects.toThrow(/uncaught boom/);
  const ok2 = (await rt().invokeFunction('crash', {})) as { pid: number; ok: boolean };
  expect(ok2.ok).toBe(true);
  expect(ok2.pid).not.toBe(ok1.pid);
});

it('refuses an unknown function', async () => {
  await expect(rt().invokeFunction('nope', {})).rejects.toBeInstanceOf(FunctionNotFoundError);
});

it('lets a function call another through cloud.callFunction on behalf of the same user', async () => {
  const out = (await rt().invokeFunction('caller', { target: 'echo', data: { x: 1 } }, { openid: 'o_carol', source: 'wx_client' })) as {
    ok: boolean;
    res: { result: Echo; requestID: string; errMsg: string };
  };
  expect(out.ok).toBe(true);
  expect(out.res.errMsg).toBe('callFunction:ok');
  expect(out.res.requestID).toEqual(expect.any(String));
  expect(out.res.result.event).toEqual({ x: 1 });
  // WeChat's documented call chain: the client's SOURCE, then `scf` for the function hop.
  expect(out.res.result.ctx).toMatchObject({ OPENID: 'o_carol', SOURCE: 'wx_client,scf' });
});

it("lets a caller wait for a callee that works longer than the SDK's default 15 s only when it names a timeout", async () => {
  // @cloudbase/node-sdk waits 15 s of silence unless the call passes `timeout` (admin's nested
  // calls do: common/admin/nested-call.ts). Both calls run at once: ~17 s in all.
  const [bare, waited] = (await Promise.all([
    rt().invokeFunction('caller', { target: 'echo', data: { delayMs: 17_000 } }),
    rt().invokeFunction('caller', { target: 'echo', data: { delayMs: 17_000 }, timeout: 40_000 }),
  ])) as Array<{ ok: boolean; errCode?: number; errMsg?: string; res?: { result: Echo } }>;
  expect(bare).toMatchObject({ ok: false, errCode: -1, errMsg: expect.stringMatching(/request timeout/) });
  expect(waited).toMatchObject({ ok: true, res: { result: { event: { delayMs: 17_000 } } } });
}, 90_000);

it('surfaces callee failures to the calling function as SDK errors', async () => {
  const missing = (await rt().invokeFunction('caller', { target: 'nope' })) as { ok: boolean; errCode: number; errMsg: string };
  expect(missing.ok).toBe(false);
  expect(missing.errMsg).toMatch(/not found/);
  const timeout = (await rt().invokeFunction('caller', { target: 'slow', data: { ms: 5000 } })) as { ok: boolean; errCode: number; errMsg: string };
  // The SDK turns the service's {code, message} envelope into errCode -1 with the message kept.
  expect(timeout.ok).toBe(false);
  expect(timeout.errMsg).toMatch(/^callFunction:fail errCode: -504003 \| errMsg: Invoking task timed out after 1 seconds/);
  const thrown = (await rt().invokeFunction('caller', { target: 'crash', data: { mode: 'throw' } })) as { errMsg: string };
  expect(thrown.errMsg).toMatch(/-504002 functions execute fail .*boom from crash fixture/);
});
