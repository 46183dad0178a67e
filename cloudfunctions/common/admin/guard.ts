/**
 * Who may call what, decided server-side from `cloud.getWXContext()` only (never the payload).
 * The admin function is staff only; the job functions (value, segment, refit, dispatch's run)
 * take staff or the cloud itself (a timer, another function, an operator's tool).
 */
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../db/wx-db';

/** Caller facts from `cloud.getWXContext()`. */
export interface CallerContext {
  OPENID?: string;
  SOURCE?: string;
}

/**
 * SOURCE values (the last hop) of calls made inside the environment: a timer, another of its
 * functions (`scf`; the local cloud's tests also name a bare `wx_function`), the developer's
 * WeChat DevTools and its local debugging. An allow-list, not a deny-list of client sources:
 * getWXContext's reference also lists wx_crawler (the mini-program crawler), wx_paycallback,
 * wx_unknown and "其他: 非微信端触发" (web or other non-WeChat triggers), none of which is the
 * cloud, and the list has grown before.
 */
const INSIDE_SOURCES = ['wx_trigger', 'scf', 'wx_function', 'wx_devtools', 'wx_localdebug'];

/**
 * Whether the call did not come from inside the cloud. SOURCE lists a call chain's hops,
 * comma-separated ("wx_client,scf": a client called function A, A called us), and only the LAST
 * hop says who called us: a chain ending in a function call (`scf`, as the local cloud also says)
 * was made by one of this environment's functions — whatever started it — and the calling
 * function checked its own caller (admin asks for staff before it calls dispatch, refit or
 * value). Whether WeChat passes the first caller's OPENID down the chain is not documented; with
 * it the callee's staff check applies, without it this rule does. No SOURCE at all is outside.
 */
export function fromOutside(source: string | undefined): boolean {
  const hops = (source ?? '').split(',').map((s) => s.trim());
  return !INSIDE_SOURCES.includes(hops[hops.length - 1]);
}

/** True when `openid` is current staff: in `admins` with role `staff` (a record kept after access was withdrawn is not). */
export async function isStaff(db: Db, openid: string | undefined): Promise<boolean> {
  if (!openid) return false;
  return ((await db.getById(COLLECTIONS.admins, openid)) as { role?: string } | null)?.role === 'staff';
}

/** Throws UNAUTHENTICATED without an OPENID, FORBIDDEN unless it is staff; returns the OPENID. */
export async function requireStaff(db: Db, openid: string | undefined): Promise<string> {
  if (!openid) throw new QxError('UNAUTHENTICATED', '请先登录');
  if (!(await isStaff(db, openid))) throw new QxError('FORBIDDEN', '无权限：仅商家员工可以访问后台');
  return openid;
}

/**
 * The job functions' rule: a call with an OPENID must be staff; one without must come from inside
 * the cloud (not a client or HTTP source). Anyone else gets FORBIDDEN with `message`.
 */
export async function requireStaffOrCloud(db: Db, ctx: CallerContext, message: string): Promise<void> {
  if (ctx.OPENID ? !(await isStaff(db, ctx.OPENID)) : fromOutside(ctx.SOURCE)) throw new QxError('FORBIDDEN', message);
}
