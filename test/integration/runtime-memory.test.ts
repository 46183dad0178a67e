/**
 * Memory as the cloud limits it (scripts/local-cloud/functions/memory-limit.ts): an instance gets
 * the V8 heap Node gives in a container of its config.json memorySize (default CloudBase's
 * 256 MB), and a call whose process goes over that memory fails and loses its instance.
 */
import { startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

let fc: FixtureCloud | undefined;
afterEach(async () => {
  await fc?.close();
  fc = undefined;
});

type Hog = { held: number; heapLimitMb: number; pid: number };

it('gives an instance the heap of a 256 MB container by default and kills a call over 256 MB', async () => {
  fc = await startFixtureCloud();
  const rt = fc.cloud.runtime;
  const small = (await rt.invokeFunction('hog', { mb: 40 })) as Hog;
  // old space 128 MB (half of 256) plus the young generation
  expect(small.heapLimitMb).toBeGreaterThanOrEqual(128);
  expect(small.heapLimitMb).toBeLessThan(256);
  await expect(rt.invokeFunction('hog', { mb: 300 })).rejects.toMatchObject({
    errCode: -504002,
    message: expect.stringMatching(/memory limit exceeded: peak \d+ MB > 256 MB/),
  });
  // The instance died with the call; the next one starts cold and works.
  const again = await rt.invokeDetailed('hog', { mb: 10 });
  expect(again.cold).toBe(true);
  expect((again.result as Hog).pid).not.toBe(small.pid);
});

it('a heap beyond the container size fails the call even while the process is under it', async () => {
  fc = await startFixtureCloud();
  await expect(fc.cloud.runtime.invokeFunction('hog', { objectsMb: 400 })).rejects.toMatchObject({ errCode: -504002 });
});

it('honours a larger memorySize in config.json', async () => {
  fc = await startFixtureCloud();
  const out = (await fc.cloud.runtime.invokeFunction('hog512', { mb: 300 })) as Hog;
  expect(out.held).toBe(300);
  expect(out.heapLimitMb).toBeGreaterThanOrEqual(256);
  expect(out.heapLimitMb).toBeLessThan(512);
});

it('refuses a cloud.callFunction event over 100 KB or response over 1 MB (real SDK, /admin wire)', async () => {
  // CloudBase: 文本类型请求体 100KB, 响应 1MB - stricter than SCF's 6 MB, and not only for clients.
  fc = await startFixtureCloud();
  type Out = { ok: boolean; errMsg?: string; res?: { result: { held: number } } };
  const call = async (data: Record<string, unknown>) =>
    (await fc!.cloud.runtime.invokeFunction('caller', { target: 'hog', data })) as Out;
  expect((await call({ pad: 'x'.repeat(90 * 1024) })).ok).toBe(true);
  const bigEvent = await call({ pad: 'x'.repeat(101 * 1024) });
  expect(bigEvent).toMatchObject({ ok: false, errMsg: expect.stringMatching(/the event of hog is \d+ bytes, over the 100 KB/) });
  const bigReply = await call({ replyMb: 2 });
  expect(bigReply).toMatchObject({ ok: false, errMsg: expect.stringMatching(/the response of hog is \d+ bytes, over the 1024 KB/) });
});
