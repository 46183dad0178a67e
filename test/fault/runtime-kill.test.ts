/**
 * Fault: the process of a function instance is killed (OOM killer, kill -9) in the middle of an
 * invocation. The caller gets a clear error, and the next call runs on a fresh instance.
 */
import { FunctionExecutionError } from '../../scripts/local-cloud/functions/errors';
import { startFixtureCloud, type FixtureCloud } from '../integration/runtime-cloud-helper';

let fc: FixtureCloud;
beforeAll(async () => {
  fc = await startFixtureCloud();
});
afterAll(() => fc?.close());

async function waitFor<T>(f: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('answers an error when the instance is killed mid-invocation, then recovers', async () => {
  const rt = fc.cloud.runtime;
  const warm = (await rt.invokeFunction('crash', {})) as { pid: number };
  const pending = rt.invokeFunction('crash', { mode: 'hang' }).catch((e: unknown) => e);
  const busy = await waitFor(() => rt.instances('crash').find((i) => i.state === 'busy'));
  expect(busy.pid).toBe(warm.pid);
  process.kill(busy.pid!, 'SIGKILL');
  const err = await pending;
  expect(err).toBeInstanceOf(FunctionExecutionError);
  expect((err as Error).message).toMatch(/instance process exited during the invocation \(code null, signal SIGKILL\)/);
  const next = (await rt.invokeFunction('crash', {})) as { ok: boolean; pid: number };
  expect(next.ok).toBe(true);
  expect(next.pid).not.toBe(warm.pid);
});

it('answers the gateway caller with an error envelope when the instance dies', async () => {
  const rt = fc.cloud.runtime;
  await rt.invokeFunction('crash', {});
  const call = fetch(`${fc.cloud.url}/gateway/functions/crash`, {
    method: 'POST',
    headers: fc.cloud.browserHeaders('o_fault'),
    body: JSON.stringify({ mode: 'hang' }),
  });
  const busy = await waitFor(() => rt.instances('crash').find((i) => i.state === 'busy'));
  process.kill(busy.pid!, 'SIGKILL');
  const res = await call;
  expect(res.status).toBe(502);
  const body = (await res.json()) as { errMsg: string; error: { code: string } };
  expect(body.error.code).toBe('FUNCTION_FAILED');
  expect(body.errMsg).toMatch(/^cloud.callFunction:fail /);
  const ok = await fetch(`${fc.cloud.url}/gateway/functions/crash`, {
    method: 'POST',
    headers: fc.cloud.browserHeaders('o_fault'),
    body: '{}',
  });
  expect(ok.status).toBe(200);
});
