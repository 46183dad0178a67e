/** Every admin action starts here: staff only, decided server-side from the caller's OPENID. */
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../db/wx-db';

/** Throws FORBIDDEN unless `openid` is in `admins` with role `staff`. */
export async function requireStaff(db: Db, openid: string | undefined): Promise<string> {
  if (!openid) throw new QxError('UNAUTHENTICATED', '请先登录');
  const staff = (await db.getById(COLLECTIONS.admins, openid)) as { role?: string } | null;
  if (staff?.role !== 'staff') {
    throw new QxError('FORBIDDEN', '无权限：仅商家员工可以访问后台');
  }
  return openid;
}
