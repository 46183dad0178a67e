/** Every admin action starts here: staff only, decided server-side from the caller's OPENID. */
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../dispatch/db';

/** Throws FORBIDDEN unless `openid` is in `admins` with role `staff`. */
export async function requireStaff(db: Db, openid: string | undefined): Promise<string> {
  if (!openid) throw new QxError('UNAUTHENTICATED', '请先登录');
  const res = await db.collection(COLLECTIONS.admins).where({ _id: openid }).limit(1).get();
  if (res.data.length !== 1 || (res.data[0] as { role?: string }).role !== 'staff') {
    throw new QxError('FORBIDDEN', '无权限：仅商家员工可以访问后台');
  }
  return openid;
}
