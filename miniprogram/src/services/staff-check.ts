/**
 * Is the signed-in user shop staff? Asks the `admin` function (`whoami`): the server decides from
 * the caller's identity (OPENID / dev session), never from anything the page sends. Used by 我的
 * to show the 商家后台 entry to staff only. Platform-free (the call is a port) so it is testable.
 */
import type { FunctionName } from '../../../cloudfunctions/common/contracts/function-limits';
import type { CallOutcome } from '../platform/call-function';

/** The answer, or null when it could not be had (network, timeout): ask again next time. */
export type StaffAnswer = boolean | null;

/** Calls a cloud function (platform `callFunction`). */
export type CallPort = (name: FunctionName, data: unknown) => Promise<CallOutcome<unknown>>;

/** What an outcome of `admin {action:'whoami'}` says about the caller. */
export function staffFromOutcome(out: CallOutcome<unknown>): StaffAnswer {
  if (out.kind === 'reply') {
    if (out.reply.ok) return true;
    // FORBIDDEN (a customer) and UNAUTHENTICATED (nobody): definitely not staff
    return out.reply.error.code === 'FORBIDDEN' || out.reply.error.code === 'UNAUTHENTICATED' ? false : null;
  }
  if (out.kind === 'http' && (out.status === 401 || out.status === 403)) return false;
  return null;
}

/** A staff check over `call`. */
export interface StaffCheck {
  /**
   * True only for staff. A definite answer is remembered (one call per launch, not per visit of
   * 我的); a failed call shows nothing and is retried on the next visit.
   */
  isStaff(): Promise<boolean>;
  /** Forget the remembered answer. */
  forget(): void;
}

export function createStaffCheck(call: CallPort): StaffCheck {
  let known: boolean | null = null;
  return {
    async isStaff() {
      if (known !== null) return known;
      const answer = staffFromOutcome(await call('admin', { action: 'whoami' }));
      if (answer !== null) known = answer;
      return answer === true;
    },
    forget() {
      known = null;
    },
  };
}
