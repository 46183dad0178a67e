/**
 * What 活动's ban banner reads (`subscribeFaults`): the stored faults (dispatch/template-faults.ts)
 * and how many campaigns wait on a banned template — with none, no try will be made, so the
 * banner must not promise one.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { TemplateFaults } from '../contracts/admin-replies';
import type { Db } from '../db/wx-db';
import { readTemplateFaults } from '../dispatch/template-faults';
import { banNextTryAt } from '../dispatch/ban-backoff';
import { staffNames } from './staff-names';

/**
 * The faults with `waiting` (scheduled or running campaigns of a banned template) and each ban's
 * `nextTryAt` filled in (entries stored before the back-off have none), so the page computes nothing.
 * `written`: the faults a change of this call just wrote (a read may lag it); else they are read.
 */
export async function subscribeFaultsPage(db: Db, written?: TemplateFaults): Promise<TemplateFaults> {
  const read = written ?? (await readTemplateFaults(db));
  const names = await staffNames(db, (read.retries ?? []).map((r) => r.by));
  const f = read.retries ? { ...read, retries: read.retries.map((r) => ({ ...r, who: names.get(r.by) })) } : read;
  if (!f.banned.length) return f;
  const waiting = await db.count(COLLECTIONS.campaigns, {
    status: db._.in(['scheduled', 'running']),
    templateId: db._.in(f.banned.map((b) => b.templateId)),
  });
  return { ...f, banned: f.banned.map((b) => ({ ...b, nextTryAt: banNextTryAt(b) })), waiting };
}

/** When each banned template is next tried (templateId → ms): what the campaign cards say. */
export async function banTryTimes(db: Db): Promise<Map<string, number>> {
  return new Map((await readTemplateFaults(db)).banned.map((b) => [b.templateId, banNextTryAt(b)]));
}
