/**
 * The job functions (value, segment, refit, rebuild, retention) answer only the timer, the cloud
 * itself and staff. Fuzzed through the real runtime and SDK: a customer, a former staff member
 * or an anonymous client-side caller is refused whatever the event says (a timer event
 * included), and nothing is written; staff and the timer get success or a declared refusal.
 */
import fc from 'fast-check';
import type { InvokeSource } from '../../scripts/local-cloud/functions/invocation-env';
import { CLAIM_KEYS, dbFingerprint, expectDeclaredAnswer, fuzzRuns, hostileEvent, hostileValue, isRefusal, Tally } from '../helpers/boundary-fuzz';
import { startIngestCloud, type IngestCloud } from '../integration/track-cloud';

let c: IngestCloud;
beforeAll(async () => {
  c = await startIngestCloud(1);
  await c.cloud.db.collection('admins').insert([
    { _id: 'o_staff', role: 'staff' },
    // Access withdrawn: the record stays for the audit trail, the role does not.
    { _id: 'o_former', role: 'former', name: '离职店员' },
  ]);
});
afterAll(() => c?.close());

const timer = { Type: 'Timer', TriggerName: 'qx', Time: '2026-12-05T00:00:00Z' };
const TARGETS: Record<string, { actions: string[]; valid: Array<Record<string, unknown>> }> = {
  value: { actions: ['refit', 'status'], valid: [timer, { action: 'status' }, { action: 'refit', budgetMs: 500, pageSize: 50 }] },
  segment: { actions: ['run', 'status'], valid: [timer, { action: 'status' }, { action: 'run', budgetMs: 1000, pageSize: 50 }] },
  refit: { actions: ['tick'], valid: [timer, { action: 'tick', kind: 'refit:sentiment', budgetMs: 500 }] },
  rebuild: { actions: ['start', 'run'], valid: [timer, { action: 'start', horizonDays: 30 }, { action: 'run' }] },
  retention: { actions: [], valid: [timer] },
};
const FNS = Object.keys(TARGETS);
const invoke = (fn: string, event: unknown, openid: string | undefined, source: InvokeSource) => c.cloud.invokeFunction(fn, event, { openid, source });
const anyJobEvent = fc.constantFrom(...FNS).chain((fn) => hostileEvent(TARGETS[fn]).map((e) => [fn, e] as const));

it('refuses a customer, a former staff member and an anonymous client or HTTP caller, whatever the event, writing nothing', async () => {
  const seen = new Tally();
  const callers = fc.constantFrom<[string | undefined, InvokeSource]>(['o_customer', 'wx_client'], ['o_former', 'wx_client'], [undefined, 'wx_client'], [undefined, 'wx_http']);
  const claims = fc.dictionary(fc.constantFrom(...CLAIM_KEYS), fc.oneof(fc.constant('o_staff'), hostileValue), { maxKeys: 2 });
  await fc.assert(
    fc.asyncProperty(anyJobEvent, callers, claims, async ([fn, event], [openid, source], claim) => {
      const e = event && typeof event === 'object' && !Array.isArray(event) ? { ...(event as object), ...claim } : event;
      const before = dbFingerprint(c.cloud);
      const reply = seen.add(await invoke(fn, e, openid, source));
      expectDeclaredAnswer(reply, ['FORBIDDEN', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE']);
      expect(isRefusal(reply)).toBe(true);
      expect(dbFingerprint(c.cloud)).toBe(before);
    }),
    { numRuns: fuzzRuns(100) },
  );
  console.info(`[boundary/jobs] outsiders: ${seen}`);
}, 120_000);

it('refuses a well-formed timer event or action from them too (FORBIDDEN)', async () => {
  for (const fn of FNS)
    for (const event of TARGETS[fn].valid)
      // wx_msgpush: a platform source that is not the cloud itself, as wx_crawler or wx_unknown are (guard.ts)
      for (const [openid, source] of [['o_customer', 'wx_client'], ['o_former', 'wx_client'], [undefined, 'wx_client'], [undefined, 'wx_http'], [undefined, 'wx_msgpush']] as const) {
        const reply = await invoke(fn, event, openid, source);
        expect([fn, openid, source, isRefusal(reply) && reply.error.code]).toEqual([fn, openid, source, 'FORBIDDEN']);
      }
});

it('answers staff and the timer with success or a declared refusal; a refusal writes nothing', async () => {
  const seen = new Tally();
  await fc.assert(
    fc.asyncProperty(anyJobEvent, fc.constantFrom<[string | undefined, InvokeSource]>(['o_staff', 'wx_client'], [undefined, 'wx_trigger']), async ([fn, event], [openid, source]) => {
      const before = dbFingerprint(c.cloud);
      const reply = seen.add(await invoke(fn, event, openid, source));
      // rebuild and retention are the timer's and the operator's tools only, never a client's.
      const toolOnly = (fn === 'rebuild' || fn === 'retention') && source === 'wx_client';
      expectDeclaredAnswer(reply, toolOnly ? ['FORBIDDEN'] : ['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'MODEL_UNAVAILABLE']);
      if (isRefusal(reply)) expect(dbFingerprint(c.cloud)).toBe(before);
    }),
    { numRuns: fuzzRuns(40) },
  );
  console.info(`[boundary/jobs] staff/timer: ${seen}`);
  expect(seen.counts.ok).toBeGreaterThan(0);
}, 180_000);
