import { failureText, NETWORK_TEXT, noReplyText, OUTCOME_UNKNOWN_TEXT, timedOut, TIMEOUT_TEXT, type NoReply } from './outcome';

describe('a call that ran out of time', () => {
  it('is TIMEOUT for a read and OUTCOME_UNKNOWN 结果未知 for a write, in the caller’s words where given', () => {
    expect(timedOut(false)).toEqual({ code: 'TIMEOUT', message: TIMEOUT_TEXT });
    expect(timedOut(true)).toEqual({ code: 'OUTCOME_UNKNOWN', message: OUTCOME_UNKNOWN_TEXT });
    expect(OUTCOME_UNKNOWN_TEXT).toMatch(/^结果未知/);
    expect(timedOut(true, '订单提交结果暂未确认')).toEqual({ code: 'OUTCOME_UNKNOWN', message: '订单提交结果暂未确认' });
  });

  it('is never called a failure when its outcome is unknown; other errors are', () => {
    expect(failureText('保存失败', { code: 'OUTCOME_UNKNOWN', message: OUTCOME_UNKNOWN_TEXT })).toBe(OUTCOME_UNKNOWN_TEXT);
    expect(failureText('保存失败', { code: 'TIMEOUT', message: TIMEOUT_TEXT })).toBe(`保存失败：${TIMEOUT_TEXT}`);
    expect(failureText('操作失败', new Error('网络不可用'))).toBe('操作失败：网络不可用');
  });
});

describe('a call that brought no reply (the app and the admin page read it alike)', () => {
  const http = (status: number, code?: string): NoReply => ({ kind: 'http', status, code, message: 'function admin failed: TypeError x' });
  const UNKNOWN = { code: 'OUTCOME_UNKNOWN', message: OUTCOME_UNKNOWN_TEXT };
  it.each<[string, NoReply, { code: string; message: string }, { code: string; message: string }]>([
    ['the wait ran out', { kind: 'timeout' }, { code: 'TIMEOUT', message: TIMEOUT_TEXT }, UNKNOWN],
    ['past its own limit (504)', http(504, 'FUNCTION_TIMEOUT'), { code: 'TIMEOUT', message: TIMEOUT_TEXT }, UNKNOWN],
    ['the connection dropped', { kind: 'network', message: 'socket hang up' }, { code: 'NETWORK', message: NETWORK_TEXT }, UNKNOWN],
    ['the function failed midway (502)', http(502, 'FUNCTION_FAILED'), { code: 'FUNCTION_FAILED', message: '服务暂时不可用（502）' }, UNKNOWN],
    ['the gateway failed (500)', http(500), { code: 'HTTP_500', message: '服务暂时不可用（500）' }, UNKNOWN],
    ['no such function (404): never ran', http(404, 'FUNCTION_NOT_FOUND'), { code: 'FUNCTION_NOT_FOUND', message: '请求未被受理（404）' }, { code: 'FUNCTION_NOT_FOUND', message: '请求未被受理（404）' }],
    ['a body too large (413): never ran', http(413, 'PAYLOAD_TOO_LARGE'), { code: 'PAYLOAD_TOO_LARGE', message: '请求未被受理（413）' }, { code: 'PAYLOAD_TOO_LARGE', message: '请求未被受理（413）' }],
  ])('%s: a read and a write', (_name, out, read, write) => {
    expect(noReplyText(out, false)).toEqual(read);
    expect(noReplyText(out, true)).toEqual(write);
  });

  it("says 401 in the gateway's words, else 请先登录, and a write's unknown outcome in the caller's", () => {
    expect(noReplyText({ kind: 'http', status: 401, message: '未登录或登录已过期' }, true)).toEqual({ code: 'UNAUTHENTICATED', message: '未登录或登录已过期' });
    expect(noReplyText({ kind: 'http', status: 401 }, false)).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
    expect(noReplyText(http(502), true, '订单提交结果暂未确认')).toEqual({ code: 'OUTCOME_UNKNOWN', message: '订单提交结果暂未确认' });
  });
});
