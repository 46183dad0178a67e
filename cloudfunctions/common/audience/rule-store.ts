/**
 * Saved rule segments: `rule_segments` holds the current version of each, every save bumps
 * `version` and copies the new version into `rule_segment_versions` (`<id>@<version>`), so a
 * campaign's results can say which definition it sent to and staff can see the history.
 */
import crypto from 'node:crypto';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { PageCursor, RuleTargetOption } from '../contracts/admin-replies';
import type { Db } from '../db/wx-db';
import { sortedPage } from '../db/sorted-page';
import { nameContains } from './name-search';
import { staffProblems } from '../contracts/staff-labels';
import { ruleIdOf, ruleSegmentInput, ruleTargetId, type RuleSegmentDoc } from './rule-schema';

/** Parses staff input or throws INVALID_INPUT listing every problem (Chinese, with paths). */
export function parseRuleSegment(input: unknown) {
  const r = ruleSegmentInput.safeParse(input);
  if (!r.success) {
    const problems = staffProblems('rule', r.error.issues);
    throw new QxError('INVALID_INPUT', problems.map((p) => p.message).join('；'), { problems });
  }
  return r.data;
}

/** Saves a new rule segment or a new version of an existing one. */
export async function saveRuleSegment(db: Db, staff: string, input: unknown, now = Date.now()): Promise<RuleSegmentDoc> {
  const { version: loaded, ...rule } = parseRuleSegment(input);
  const old = rule._id ? ((await db.getById(COLLECTIONS.ruleSegments, rule._id)) as RuleSegmentDoc | null) : null;
  if (rule._id && !old) throw new QxError('NOT_FOUND', '分群不存在');
  // The editor's own version: another staff member may have saved since it opened the rule.
  if (old && typeof loaded === 'number' && loaded !== old.version) throw CONFLICT();
  const doc: RuleSegmentDoc = {
    ...rule,
    _id: old?._id ?? `rule_${crypto.randomBytes(6).toString('hex')}`,
    version: (old?.version ?? 0) + 1,
    createdBy: old?.createdBy ?? staff,
    createdAt: old?.createdAt ?? now,
    updatedAt: now,
    updatedBy: staff,
  };
  // The version record first: a crash between the two writes leaves history ahead, never lost.
  const { _id, ...fields } = doc;
  // This save's mark on its version record. insertUnique tells its own insert from another's (its
  // write-id); the mark serves the take-back on CONFLICT below: a conditional remove of exactly
  // this save's record, inserted or taken over (setById).
  const claim = crypto.randomBytes(6).toString('hex');
  await claimVersion(db, `${_id}@${doc.version}`, { ...fields, ruleId: _id, claim }, now);
  if (old) {
    const n = await db.updateWhere(
      COLLECTIONS.ruleSegments,
      { _id, version: old.version },
      // `set` replaces the groups whole (a plain update would merge old and new conditions)
      { ...fields, include: db._.set(doc.include), exclude: doc.exclude ? db._.set(doc.exclude) : db._.remove(), description: doc.description ?? db._.remove() },
    );
    if (n === 0) {
      // Take back our own record only (the rule was removed, or another save took over the version).
      await db.removeWhere(COLLECTIONS.ruleSegmentVersions, { _id: `${_id}@${doc.version}`, claim });
      throw CONFLICT();
    }
  } else {
    // A fresh random id: insertUnique answers true, also when only its answer was lost.
    await db.insertUnique(COLLECTIONS.ruleSegments, doc as unknown as RuleSegmentDoc & Record<string, unknown>);
  }
  return doc;
}

const CONFLICT = () => new QxError('CONFLICT', '分群刚被其他员工修改，请刷新后再保存');
/** A save runs within one function call (≤ 60 s): a version record older than this is an orphan. */
const ORPHAN_AFTER_MS = 60_000;

/**
 * Writes the history record `<id>@<version>` only if no one else holds that version: of two
 * staff saving the same version at once, the loser used to overwrite the winner's record and then
 * answer CONFLICT, so the history showed the edit that was refused. A record left by a save that
 * died before updating the rule (older than one call can live) is taken over.
 */
async function claimVersion(db: Db, id: string, record: Record<string, unknown> & { claim: string }, now: number): Promise<void> {
  // True also when this insert was stored and only its answer lost (insertUnique's write-id).
  if (await db.insertUnique(COLLECTIONS.ruleSegmentVersions, { _id: id, ...record })) return;
  const held = (await db.getById(COLLECTIONS.ruleSegmentVersions, id)) as { updatedAt?: number } | null;
  if (held && now - (held.updatedAt ?? 0) < ORPHAN_AFTER_MS) throw CONFLICT();
  await db.setById(COLLECTIONS.ruleSegmentVersions, id, record);
}

/**
 * Saved rule segments, newest first (`updatedAt`, then `_id`, both descending): `limit` of them
 * (default 200), those after `before` when given, only those whose name contains `name` when given
 * (any case of a Latin letter: name-search.ts; the same keyset, so search results page alike). Only pages: a campaign's own targets are read by
 * id ({@link loadRules}), never looked for among the newest. The page is filled from as many
 * answers as it takes ({@link sortedPage}: a keyset, so a rule saved meanwhile moves to the top and
 * shifts nothing; a cloud that caps answers at 100 still answers all). Every rule has its
 * `updatedAt` (saveRuleSegment writes it on each save).
 */
export async function listRuleSegments(db: Db, o: { before?: PageCursor; limit?: number; name?: string } = {}): Promise<RuleSegmentDoc[]> {
  const after = o.before ? { value: o.before.updatedAt, _id: o.before._id } : undefined;
  const where = o.name ? { name: nameContains(o.name) } : {};
  const { docs } = await sortedPage(db, COLLECTIONS.ruleSegments, where, { orderBy: ['updatedAt', 'desc'], limit: o.limit ?? 200, ...(after ? { after } : {}) });
  return docs as RuleSegmentDoc[];
}

/** A rule as the campaign pages offer and name it: target id `rule:<id>`, name and version. */
export const ruleTargetOption = (r: RuleSegmentDoc): RuleTargetOption => ({ id: ruleTargetId(r._id), name: r.name, version: r.version });

/** One rule segment or NOT_FOUND. */
export async function getRuleSegment(db: Db, id: string): Promise<RuleSegmentDoc> {
  const doc = (await db.getById(COLLECTIONS.ruleSegments, id)) as RuleSegmentDoc | null;
  if (!doc) throw new QxError('NOT_FOUND', '分群不存在');
  return doc;
}

/**
 * The current version of every rule segment among `targets` (`rule:<id>`), by id: `_id in` queries
 * of at most 100 ids each ({@link Db.findByIds}), however old the rule. A target missing from the
 * map is a deleted rule.
 */
export async function loadRules(db: Db, targets: ReadonlyArray<unknown>): Promise<Map<string, RuleSegmentDoc>> {
  const ids = [...new Set(targets.map(ruleIdOf).filter((x): x is string => x !== null))];
  if (!ids.length) return new Map();
  return (await db.findByIds(COLLECTIONS.ruleSegments, ids)) as Map<string, RuleSegmentDoc>;
}

/** The saved rules among `targets`, in their order, each once; a deleted rule is left out (`byId`: {@link loadRules}). */
export function targetedRules(targets: ReadonlyArray<unknown>, byId: ReadonlyMap<string, RuleSegmentDoc>): RuleSegmentDoc[] {
  const out = new Map<string, RuleSegmentDoc>();
  for (const t of targets) {
    const r = byId.get(ruleIdOf(t) ?? '');
    if (r) out.set(r._id, r);
  }
  return [...out.values()];
}
