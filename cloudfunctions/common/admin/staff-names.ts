/**
 * How the admin page names a staff member in a record of what staff did (a campaign's 操作记录,
 * the ban banner's 立即重试): the name on their `admins` record (the dev sign-in page's label, e.g.
 * 演示店员), else a masked openid like the outbox's — enough to tell two people apart, and a
 * record kept after access was withdrawn still names them.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { StaffLogEntry } from '../contracts/admin-replies';
import type { CampaignStaffAction } from '../campaign/campaign-schema';
import type { Db } from '../db/wx-db';
import { maskOpenid } from './outbox-list';

/** `name` of an `admins` record, else 员工 and the masked openid. */
export function staffLabel(openid: string, record?: Record<string, unknown> | null): string {
  const name = typeof record?.name === 'string' ? record.name.trim() : '';
  return name || `员工 ${maskOpenid(openid)}`;
}

/** Labels of `openids` (one read of `admins`). */
export async function staffNames(db: Db, openids: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(openids)];
  const found = ids.length ? await db.findByIds(COLLECTIONS.admins, ids, { name: true }) : new Map();
  return new Map(ids.map((id) => [id, staffLabel(id, found.get(id))]));
}

/** A campaign's staff actions with who did each, as `names` (from {@link staffNames}) labels them. */
export function staffLog(actions: readonly CampaignStaffAction[] | undefined, names: ReadonlyMap<string, string>): StaffLogEntry[] {
  return (actions ?? []).map((a) => ({ action: a.action, at: a.at, who: names.get(a.by) ?? staffLabel(a.by) }));
}
