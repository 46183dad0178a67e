/**
 * Staff actions on merchant-defined rule segments: live size preview (from the container's cached
 * projection), save (versioned), list with sizes, member list (masked ids + why each matches) and
 * a CSV of masked ids and reasons only — never an openid, a name or a raw profile.
 */
import { csvField, csvRow } from './csv-field';
import { RULE_CSV_HEADER } from './csv-headers';
import { exportAnswer, type ExportAnswer, type ExportFiles } from './export-file';
import { exportList } from './export-list';
import { exportNamePath, exportPath, exportVoidedPath, newExportId, type ExportName } from './export-names';
import { evaluateRule, previewRule, ruleCategoryIds, type CategoryNames } from '../audience/evaluate-rule';
import { staffCategoryNames } from '../catalog/category-names';
import type { AudienceRow } from '../audience/audience-row';
import { cachedProjection } from '../audience/projection-cache';
import type { RuleSegmentDoc } from '../audience/rule-schema';
import { getRuleSegment, listRuleSegments, parseRuleSegment, saveRuleSegment } from '../audience/rule-store';
import type { RuleMembersReply, RuleMemberView, RulePreviewReply, RuleSegmentView } from '../contracts/admin-replies';
import { erasedSince } from '../consent/erasures';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../db/wx-db';
import { maskOpenid } from './outbox-list';
import { churnNoteReason } from '../contracts/churn-note';
import { storedChurn } from '../value/churn';


/** Counts a rule (saved or not) against the cached projection. */
export async function previewRuleSegment(db: Db, input: unknown, refresh = false): Promise<RulePreviewReply> {
  const rule = parseRuleSegment({ ...(input as object), name: '预览' });
  const t0 = Date.now();
  const p = await cachedProjection(db, { refresh });
  return { ...previewRule(rule, p.rows), projectedAt: p.builtAt, ms: Date.now() - t0 };
}

/**
 * Saved rule segments, newest first, a page at a time (`before`, `limit`: rule-store.ts), with
 * their current size and their recent export files (export-list.ts).
 */
export async function listRuleSegmentsWithSize(db: Db, page: Parameters<typeof listRuleSegments>[1] = {}): Promise<RuleSegmentView[]> {
  const [list, p] = await Promise.all([listRuleSegments(db, page), cachedProjection(db)]);
  const now = Date.now();
  return list.map((r) => ({ ...r, size: previewRule(r, p.rows).size, exports: exportList(r, now) }));
}

/** The rows of a projection a rule takes in, with the reasons each matches (categories by `names`). */
function memberRows(rule: RuleSegmentDoc, rows: AudienceRow[], names: CategoryNames): Array<{ openid: string; reasons: string[]; risk: AudienceRow['churnRisk'] }> {
  const out: Array<{ openid: string; reasons: string[]; risk: AudienceRow['churnRisk'] }> = [];
  for (const row of rows) {
    const v = evaluateRule(rule, row, names);
    if (v.member) out.push({ openid: row.openid, reasons: v.reasons, risk: row.churnRisk });
  }
  return out;
}

/**
 * The churn sentences staff are shown (contracts/churn-note.ts: medium and high) for `members`, by
 * openid, worded from the profiles' stored facts (value/churn.ts). Only members whose projected
 * risk is medium or high are read: a low one shows nothing, so a big export does not read every
 * member's profile.
 */
async function churnNotes(db: Db, members: ReadonlyArray<{ openid: string; risk: AudienceRow['churnRisk'] }>): Promise<Map<string, string>> {
  const ids = members.filter((m) => m.risk === 'medium' || m.risk === 'high').map((m) => m.openid);
  const stored = await db.findByIds(COLLECTIONS.profiles, ids, { value: true });
  const out = new Map<string, string>();
  for (const [id, p] of stored) {
    const reason = churnNoteReason(storedChurn(p.value));
    if (reason !== null) out.set(id, reason);
  }
  return out;
}

/**
 * Members of a saved rule segment: masked ids, the reasons each matches, and for the listed ones
 * their churn risk with the sentence the value model's pass stored — read from the profiles, not
 * the projection (a sentence per row would hold megabytes in every container for 50 rows shown).
 */
export async function ruleSegmentMembers(db: Db, id: string, limit: number): Promise<RuleMembersReply> {
  const [rule, p] = await Promise.all([getRuleSegment(db, id), cachedProjection(db)]);
  const all = memberRows(rule, p.rows, await staffCategoryNames(db, ruleCategoryIds(rule)));
  const listed = all.slice(0, limit);
  const stored = await db.findByIds(COLLECTIONS.profiles, listed.map((m) => m.openid), { value: true });
  const members = listed.map((m): RuleMemberView => {
    const churn = storedChurn(stored.get(m.openid)?.value);
    return { customer: maskOpenid(m.openid), reasons: m.reasons, ...(churn ? { churn } : {}) };
  });
  return { rule: { _id: rule._id, name: rule.name, version: rule.version }, total: all.length, members, projectedAt: p.builtAt };
}

/**
 * CSV of a rule segment: masked ids, reasons and, for a medium or high churn risk, the sentence
 * 查看成员 shows (the first line says what it holds; staff only, like every admin action). A file is this
 * export's own (export-names.ts), named on the rule before it is stored, where every erasure
 * deletes it; and once stored it is checked against the erasures since the export began reading
 * (consent/erasures.ts): an erasure of a member that ran between the naming and the upload found
 * no file yet, so this one goes and staff export again (a fresh read no longer holds that customer).
 */
export async function ruleSegmentCsv(db: Db, id: string, files?: ExportFiles): Promise<ExportAnswer & { rows: number }> {
  const since = Date.now();
  const [rule, p] = await Promise.all([getRuleSegment(db, id), cachedProjection(db)]);
  const members = memberRows(rule, p.rows, await staffCategoryNames(db, ruleCategoryIds(rule)));
  const churn = await churnNotes(db, members);
  const lines = [
    // One field, however the name reads: a comma or line break in it must not start a cell.
    csvField(`# ${rule.name}（第 ${rule.version} 版）：仅含脱敏编号、匹配原因和流失风险依据，不含 openid 或任何可识别个人的信息`),
    RULE_CSV_HEADER,
    ...members.map((x) => csvRow([maskOpenid(x.openid), x.reasons.join('；'), churn.get(x.openid) ?? ''])),
  ];
  const exportId = newExportId(since);
  // A big segment's CSV is over what a function may answer a client (1 MB): a file and its link.
  const answer = await exportAnswer(lines.join('\n'), exportPath(rule._id, exportId), files, {
    name: async (fileID) => {
      // With when it began: retention deletes the file once its link is long expired.
      const name: ExportName = { fileID, at: since };
      const named = await db.updateById(COLLECTIONS.ruleSegments, rule._id, { [exportNamePath(exportId)]: db._.set(name) });
      if (named !== 1) throw new QxError('NOT_FOUND', '分群不存在', { ruleId: rule._id });
    },
    stale: async () => {
      const erased = await erasedSince(db, since);
      return members.some((m) => erased(m.openid));
    },
    voided: async () => {
      // Staff's list of exports then says why the file is gone; an erasure's earlier mark stays.
      const name = { _id: rule._id, [exportNamePath(exportId)]: db._.exists(true), [exportVoidedPath(exportId)]: db._.exists(false) };
      await db.updateWhere(COLLECTIONS.ruleSegments, name, { [exportVoidedPath(exportId)]: Date.now() });
    },
  });
  return { ...answer, rows: members.length };
}

export { saveRuleSegment };
