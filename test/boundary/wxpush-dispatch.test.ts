/**
 * Grants and delivery results come only from WeChat's pushes; `dispatch` runs only for the timer,
 * a server caller or staff. Fuzzed through the real runtime and SDK: `wxpush` refuses every call
 * that is not the platform's push (FORBIDDEN, nothing written) and answers the push source's own
 * garbage with INVALID_INPUT (nothing written); a customer can neither run `dispatch` nor write
 * anything through it, whatever the event says.
 */
import fc from 'fast-check';
import type { InvokeSource } from '../../scripts/local-cloud/functions/invocation-env';
import { CLAIM_KEYS, dbFingerprint, expectDeclaredAnswer, fuzzRuns, hostileEvent, hostileValue, isRefusal, Tally } from '../helpers/boundary-fuzz';
import { startIngestCloud, type IngestCloud } from '../integration/track-cloud';

let c: IngestCloud;
beforeAll(async () => {
  c = await startIngestCloud(1);
  await c.cloud.db.collection('admins').insert({ _id: 'o_staff', role: 'staff' });
});
afterAll(() => c?.close());

const USER = 'o_pushed';
const push = (Event: string, List: unknown) => ({ ToUserName: 'gh_qx0000local', FromUserName: USER, CreateTime: 1_700_000_000, MsgType: 'event', Event, List });
const pushTarget = {
  actions: [],
  valid: [
    push('subscribe_msg_popup_event', { TemplateId: 'tpl_price_drop', SubscribeStatusString: 'accept', PopupScene: '0' }),
    push('subscribe_msg_popup_event', [{ TemplateId: 'tpl_price_drop', SubscribeStatusString: 'accept' }, { TemplateId: 'tpl_unknown', SubscribeStatusString: 'reject' }]),
    push('subscribe_msg_change_event', [{ TemplateId: 'tpl_price_drop', SubscribeStatusString: 'reject' }]),
    push('subscribe_msg_sent_event', { TemplateId: 'tpl_price_drop', MsgID: '123', ErrorCode: '0', ErrorStatus: 'success' }),
  ],
};
const invoke = (fn: string, event: unknown, openid: string | undefined, source: InvokeSource) => c.cloud.invokeFunction(fn, event, { openid, source });

it('wxpush: every caller that is not the platform push is refused whatever it sends, and nothing is written', async () => {
  const callers = fc.constantFrom<[string | undefined, InvokeSource]>([USER, 'wx_client'], ['o_staff', 'wx_client'], [undefined, 'wx_devtools'], [undefined, 'wx_trigger'], [USER, 'wx_function'], [undefined, 'wx_http']);
  await fc.assert(
    fc.asyncProperty(hostileEvent(pushTarget), callers, async (event, [openid, source]) => {
      const before = dbFingerprint(c.cloud);
      const reply = await invoke('wxpush', event, openid, source);
      expectDeclaredAnswer(reply, ['FORBIDDEN']);
      expect(isRefusal(reply)).toBe(true);
      expect(dbFingerprint(c.cloud)).toBe(before);
    }),
    { numRuns: fuzzRuns(60) },
  );
}, 120_000);

it("wxpush: the platform's push gets success or INVALID_INPUT; an invalid push, or one for another user, writes nothing", async () => {
  const seen = new Tally();
  await fc.assert(
    fc.asyncProperty(hostileEvent(pushTarget), fc.constantFrom(USER, USER, 'o_someone_else'), async (event, openid) => {
      const before = dbFingerprint(c.cloud);
      const reply = await invoke('wxpush', event, openid, 'wx_msgpush');
      if (reply === 'success') seen.add({ ok: true });
      else {
        seen.add(reply);
        expectDeclaredAnswer(reply, ['INVALID_INPUT', 'FORBIDDEN']);
        expect(dbFingerprint(c.cloud)).toBe(before);
      }
      const from = (event as { FromUserName?: unknown } | null)?.FromUserName;
      if (typeof from === 'string' && from !== openid) expect(reply).not.toBe('success');
    }),
    { numRuns: fuzzRuns(120) },
  );
  console.info(`[boundary/wxpush] push source: ${seen}`);
  expect(seen.counts.ok).toBeGreaterThan(0);
  // Grants exist only for the pushing user, only for the merchant's templates.
  const grants = c.cloud.db.collection('grants').find({});
  expect(grants.every((g) => g.openid === USER && g.templateId === 'tpl_price_drop')).toBe(true);
}, 120_000);

const dispatchTarget = {
  actions: ['run', 'recordSubscribe'],
  valid: [
    { action: 'run', budgetMs: 2000, pageSize: 10 },
    { action: 'recordSubscribe', results: [{ templateId: 'tpl_price_drop', result: 'accept' }] },
    { Type: 'Timer', TriggerName: 'dispatch', Time: '2026-12-05T00:00:00Z' },
  ],
};

it('dispatch: a customer never runs it and never writes through it, whatever the event claims', async () => {
  const seen = new Tally();
  const claims = fc.dictionary(fc.constantFrom(...CLAIM_KEYS), fc.oneof(fc.constant('o_staff'), hostileValue), { maxKeys: 2 });
  await fc.assert(
    fc.asyncProperty(hostileEvent(dispatchTarget), claims, async (event, claim) => {
      const e = event && typeof event === 'object' && !Array.isArray(event) ? { ...(event as object), ...claim } : event;
      const before = dbFingerprint(c.cloud);
      const reply = seen.add(await invoke('dispatch', e, 'o_customer', 'wx_client'));
      expectDeclaredAnswer(reply, ['FORBIDDEN', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE']);
      if (!isRefusal(reply)) expect(reply).toMatchObject({ data: { ledger: 'wechat_push_only' } });
      // Anything but recordSubscribe is refused as FORBIDDEN before the event is read.
      if ((e as { action?: unknown } | null)?.action !== 'recordSubscribe') expect(isRefusal(reply) && reply.error.code).toBe('FORBIDDEN');
      expect(dbFingerprint(c.cloud)).toBe(before);
    }),
    { numRuns: fuzzRuns(80) },
  );
  console.info(`[boundary/dispatch] customer: ${seen}`);
  expect(seen.counts.FORBIDDEN).toBeGreaterThan(0);
}, 120_000);

it('dispatch: staff and the timer get success or a declared refusal, and a refusal writes nothing', async () => {
  const seen = new Tally();
  await fc.assert(
    fc.asyncProperty(hostileEvent(dispatchTarget), fc.constantFrom<[string | undefined, InvokeSource]>(['o_staff', 'wx_client'], [undefined, 'wx_trigger']), async (event, [openid, source]) => {
      const before = dbFingerprint(c.cloud);
      const reply = seen.add(await invoke('dispatch', event, openid, source));
      expectDeclaredAnswer(reply, ['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'UNAUTHENTICATED']);
      if (isRefusal(reply)) expect(dbFingerprint(c.cloud)).toBe(before);
    }),
    { numRuns: fuzzRuns(60) },
  );
  console.info(`[boundary/dispatch] staff/timer: ${seen}`);
  expect(seen.counts.ok).toBeGreaterThan(0);
}, 120_000);
