/**
 * WeChat's message push waits 5 s for the receiver's answer, then pushes again without waiting
 * for the first call to end (three attempts in all). The local cloud does the same
 * (openapi/message-push.ts `answerWithinMs`), so a slow receiver sees one push several times AT
 * ONCE — the grants ledger must be idempotent under concurrency (test/adversarial/grants.test.ts).
 */
import { MessagePush } from '../../scripts/local-cloud/openapi/message-push';
import { waitUntil } from '../helpers/wait-until';
import { startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

let fc: FixtureCloud | undefined;
afterEach(async () => {
  await fc?.close();
  fc = undefined;
});

it('pushes again when the receiver has not answered in time, while the first call still runs', async () => {
  fc = await startFixtureCloud();
  await fc.cloud.db.createCollection('slowpush_calls'); // the fixture's log (collections are strict)
  const push = new MessagePush({ runtime: fc.cloud.runtime, receiver: 'slowpush', answerWithinMs: 300 });
  await fc.cloud.runtime.invokeFunction('slowpush', { FromUserName: 'o_warm' }, { source: 'wx_msgpush' });
  const t0 = Date.now();
  const outcome = await push.deliver(push.event('o_slow', 'subscribe_msg_popup_event', [{ TemplateId: 't', SubscribeStatusString: 'accept' }]));
  // Three attempts, none answered within 300 ms: given up after ~0.9 s, not after 3 × ≥ 1 s.
  expect(outcome).toBe('failed');
  expect(Date.now() - t0).toBeLessThan(2_500);
  // Every attempt reached the receiver, though none was answered in time.
  const calls = () => fc!.cloud.db.collection('slowpush_calls').count({ from: 'o_slow' });
  await waitUntil(() => calls() >= 3, { what: 'three pushes logged by the receiver' });
  expect(calls()).toBe(3);
});

it('a receiver that answers in time is pushed once', async () => {
  fc = await startFixtureCloud();
  await fc.cloud.db.createCollection('slowpush_calls'); // the fixture's log (collections are strict)
  // Warm first and wait long: a cold start (bundle + instance) under CI load can outlast a short
  // window, and the retry it causes would count as a second push.
  await fc.cloud.runtime.invokeFunction('slowpush', { FromUserName: 'o_warm' }, { source: 'wx_msgpush' });
  const push = new MessagePush({ runtime: fc.cloud.runtime, receiver: 'slowpush', answerWithinMs: 30_000 });
  expect(await push.deliver(push.event('o_ok', 'subscribe_msg_popup_event', [{ TemplateId: 't', SubscribeStatusString: 'accept' }]))).toBe('success');
  expect(fc.cloud.db.collection('slowpush_calls').count({ from: 'o_ok' })).toBe(1);
});
