/**
 * The app's `call()` and the admin page's `admin()` read a call that brought no reply the same way
 * (outcome.ts noReplyText), with the writes taken from contracts/retry-safe.ts. The transport is
 * the seam here (platform callFunction answers what each case says); what each outcome means is
 * pinned in outcome.test.ts.
 */
import type { CallOutcome } from '../platform';
import { adminApi } from '../admin/services/admin-api';
import { call } from './api';
import { OUTCOME_UNKNOWN_TEXT } from './outcome';

let next: CallOutcome<unknown>;
jest.mock('../platform', () => ({ callFunction: async () => next }));

const failed = { kind: 'http', status: 502, code: 'FUNCTION_FAILED', message: 'function shop threw: TypeError: x is undefined' } as const;
const refused = { kind: 'http', status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'request body exceeds 1048576 bytes' } as const;
const caught = (p: Promise<unknown>) => p.then(() => null, (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

it('a write whose function failed midway (502) is 结果未知 in the caller’s words; a read says so in Chinese', async () => {
  next = failed;
  const unknown = '订单提交结果暂未确认，请稍后重试（重试不会重复下单）';
  expect(await caught(call('shop', { action: 'createOrder', items: [] }, { unknownText: unknown }))).toEqual({ code: 'OUTCOME_UNKNOWN', message: unknown });
  expect(await caught(call('shop', { action: 'listProducts' }))).toEqual({ code: 'FUNCTION_FAILED', message: '服务暂时不可用（502）' });
  expect(await caught(adminApi.campaignSave({}))).toEqual({ code: 'OUTCOME_UNKNOWN', message: OUTCOME_UNKNOWN_TEXT });
});

it('a write refused before its function ran (413) is not 结果未知, on the app and the admin page alike', async () => {
  next = refused;
  const want = { code: 'PAYLOAD_TOO_LARGE', message: '请求未被受理（413）' };
  expect(await caught(call('shop', { action: 'createOrder', items: [] }))).toEqual(want);
  expect(await caught(adminApi.campaignSave({}))).toEqual(want);
  expect(await caught(adminApi.overview())).toEqual(want);
});
