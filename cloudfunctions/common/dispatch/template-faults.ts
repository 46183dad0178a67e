/**
 * What WeChat said about the app's subscribe-message templates that reaches past one campaign, in
 * one `jobs` document (`_id` = {@link TEMPLATE_FAULTS_ID}) staff's pages read:
 * - `banned`: a send with the template was answered 43107 (the app's subscribe-message ability,
 *   or that template, banned: send-policy.ts BANNED_CODE). Dispatch stops at it and tries again
 *   each tick; the campaigns page shows a banner while any entry is left.
 * - `removed`: answered 40037 (the template is no longer the app's, e.g. deleted on the 公众平台);
 *   the editor stops offering it and the reach estimate stops counting its grants.
 * An entry is dropped when a send with that template goes through (the ban was lifted, or the
 * template is the app's again), and a removed one also when staff say they added it back.
 * Entries are arrays, not maps keyed by template id: real ids (43 characters, `-` included) are
 * not valid field names (the local cloud README, "field names"). Written by the dispatcher under
 * its lease, so read-modify-write does not race another dispatcher.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import type { TemplateFault, TemplateFaults } from '../contracts/admin-replies';

export type { TemplateFault, TemplateFaults };

/** `_id` of the document in `jobs`. */
export const TEMPLATE_FAULTS_ID = 'subscribe-template-faults';

/** Which list a refusal goes to. */
export type TemplateFaultKind = keyof TemplateFaults;

const list = (v: unknown): TemplateFault[] =>
  Array.isArray(v) ? v.filter((x): x is TemplateFault => typeof x?.templateId === 'string') : [];

/** The stored faults (none when the document does not exist yet). */
export async function readTemplateFaults(db: Db): Promise<TemplateFaults> {
  const doc = await db.getById(COLLECTIONS.jobs, TEMPLATE_FAULTS_ID);
  return { banned: list(doc?.banned), removed: list(doc?.removed) };
}

async function write(db: Db, f: TemplateFaults, now: number): Promise<void> {
  await db.insertUnique(COLLECTIONS.jobs, { _id: TEMPLATE_FAULTS_ID, kind: 'subscribe-template-faults', banned: [], removed: [], updatedAt: now });
  await db.updateById(COLLECTIONS.jobs, TEMPLATE_FAULTS_ID, { banned: db._.set(f.banned), removed: db._.set(f.removed), updatedAt: now });
}

/** Records a refusal of `kind` for `templateId`, keeping the first `since`. */
export async function recordTemplateFault(
  db: Db,
  kind: TemplateFaultKind,
  templateId: string,
  campaignId: string,
  now = Date.now(),
): Promise<void> {
  const f = await readTemplateFaults(db);
  const before = f[kind].find((x) => x.templateId === templateId);
  f[kind] = [...f[kind].filter((x) => x.templateId !== templateId), { templateId, since: before?.since ?? now, lastSeenAt: now, campaignId }];
  await write(db, f, now);
}

/**
 * Drops `templateId`'s entries of `kinds` (a send with it went through: both; staff added it back:
 * `removed`). Writes nothing when there is none.
 */
export async function clearTemplateFaults(
  db: Db,
  templateId: string,
  kinds: TemplateFaultKind[] = ['banned', 'removed'],
  now = Date.now(),
): Promise<boolean> {
  const f = await readTemplateFaults(db);
  if (!kinds.some((k) => f[k].some((x) => x.templateId === templateId))) return false;
  for (const k of kinds) f[k] = f[k].filter((x) => x.templateId !== templateId);
  await write(db, f, now);
  return true;
}
