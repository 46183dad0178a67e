import { failureText, OUTCOME_UNKNOWN_TEXT, timedOut, TIMEOUT_TEXT } from './outcome';

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
