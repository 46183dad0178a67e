import type { CallOutcome } from '../platform/call-function';
import { createStaffCheck, staffFromOutcome } from './staff-check';

const reply = (ok: boolean, code = ''): CallOutcome<unknown> =>
  ok
    ? { kind: 'reply', reply: { ok: true, data: { openid: 'staff_demo', role: 'staff' } } }
    : { kind: 'reply', reply: { ok: false, error: { code, message: 'x' } } };

describe('staff check for the 商家后台 entry', () => {
  it('reads whoami outcomes: ok → staff; FORBIDDEN / UNAUTHENTICATED / 401 → not; failures → unknown', () => {
    expect(staffFromOutcome(reply(true))).toBe(true);
    expect(staffFromOutcome(reply(false, 'FORBIDDEN'))).toBe(false);
    expect(staffFromOutcome(reply(false, 'UNAUTHENTICATED'))).toBe(false);
    expect(staffFromOutcome({ kind: 'http', status: 401 })).toBe(false);
    expect(staffFromOutcome(reply(false, 'INTERNAL'))).toBeNull();
    expect(staffFromOutcome({ kind: 'timeout' })).toBeNull();
    expect(staffFromOutcome({ kind: 'network', message: 'offline' })).toBeNull();
  });

  it('asks the admin function once, remembers a definite answer, retries after a failure', async () => {
    const calls: unknown[] = [];
    const answers = [{ kind: 'timeout' } as CallOutcome<unknown>, reply(false, 'FORBIDDEN'), reply(true)];
    const check = createStaffCheck(async (name, data) => {
      calls.push([name, data]);
      return answers.shift()!;
    });
    expect(await check.isStaff()).toBe(false); // timeout: hidden, not remembered
    expect(await check.isStaff()).toBe(false); // FORBIDDEN: remembered
    expect(await check.isStaff()).toBe(false);
    expect(calls).toEqual([
      ['admin', { action: 'whoami' }],
      ['admin', { action: 'whoami' }],
    ]);
    check.forget();
    expect(await check.isStaff()).toBe(true);
  });
});
