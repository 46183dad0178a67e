/**
 * Who the dev sign-in page offers: merchant staff (`admins`) and customers known to the app
 * (seeded `profiles` / `consents`, and anyone who signed in or called a function before).
 */
import { currentSegmentName } from '../../../cloudfunctions/common/segments/display-name';
import type { DbHandle } from '../index';
import { WX_USERS } from '../openapi/wx-state';

/** One identity on the sign-in page. */
export interface Identity {
  openid: string;
  /** A readable label when the data has one (nickname, name). */
  label: string | null;
  /** A short note (segment, consent state, role). */
  note: string | null;
}

function labelOf(doc: Record<string, unknown> | null): string | null {
  if (!doc) return null;
  for (const k of ['nickname', 'nickName', 'name', 'displayName']) if (typeof doc[k] === 'string') return doc[k] as string;
  return null;
}

/** Roles of `admins` in the page's words (the sign-in page is in Chinese like the rest). */
const ROLE_TEXT: Record<string, string> = { staff: '员工' };

/** Staff and customers to list (customers capped at `limit`). */
export function knownIdentities(db: DbHandle, limit = 40): { staff: Identity[]; customers: Identity[] } {
  const staff = db
    .collection('admins')
    .find({}, { limit: 50 })
    .map((d) => ({ openid: String(d._id), label: labelOf(d), note: typeof d.role === 'string' ? `角色：${ROLE_TEXT[d.role] ?? d.role}` : '商家员工' }));
  const staffIds = new Set(staff.map((s) => s.openid));
  const seen = new Set<string>();
  const customers: Identity[] = [];
  const add = (openid: string, note: string | null) => {
    if (staffIds.has(openid) || seen.has(openid) || customers.length >= limit) return;
    seen.add(openid);
    const profile = db.collection('profiles').get(openid);
    // The segment's name the segmentation pass wrote (`segment` itself is a number), in today's words.
    const segment = profile && typeof profile.segmentName === 'string' ? `分群：${currentSegmentName(profile.segmentName)}` : null;
    customers.push({ openid, label: labelOf(profile), note: segment ?? note });
  };
  for (const d of db.collection(WX_USERS).find({}, { sort: { firstSeenAt: -1 }, limit })) add(String(d._id), '最近登录过');
  for (const d of db.collection('consents').find({}, { limit })) {
    add(String(d._id), d.granted === false || d.withdrawnAt ? '已撤回授权' : '已授权采集');
  }
  for (const d of db.collection('profiles').find({}, { limit })) add(String(d._id), null);
  return { staff, customers };
}
