/**
 * Staff actions on merchant-defined rule segments: live size preview (from the container's cached
 * projection), save (versioned), list with sizes, member list (masked ids + why each matches) and
 * a CSV of masked ids and reasons only — never an openid, a name or a raw profile.
 */
import { exportAnswer, type ExportAnswer, type ExportFiles } from './export-file';
import { evaluateRule, previewRule } from '../audience/evaluate-rule';
import { cachedProjection } from '../audience/projection-cache';
import type { RuleSegmentDoc } from '../audience/rule-schema';
import { getRuleSegment, listRuleSegments, parseRuleSegment, saveRuleSegment } from '../audience/rule-store';
import type { RulePreviewReply } from '../contracts/admin-replies';
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { maskOpenid } from './outbox-list';


/** Counts a rule (saved or not) against the cached projection. */
export async function previewRuleSegment(db: Db, input: unknown, refresh = false): Promise<RulePreviewReply> {
  const rule = parseRuleSegment({ ...(input as object), name: '预览' });
  const t0 = Date.now();
  const p = await cachedProjection(db, { refresh });
  return { ...previewRule(rule, p.rows), projectedAt: p.builtAt, ms: Date.now() - t0 };
}

/** Saved rule segments with their current size. */
export async function listRuleSegmentsWithSize(db: Db): Promise<Array<RuleSegmentDoc & { size: number }>> {
  const [list, p] = await Promise.all([listRuleSegments(db), cachedProjection(db)]);
  return list.map((r) => ({ ...r, size: previewRule(r, p.rows).size }));
}

/** Members of a saved rule segment: masked ids and the reasons each matches. */
export async function ruleSegmentMembers(db: Db, id: string, limit: number) {
  const [rule, p] = await Promise.all([getRuleSegment(db, id), cachedProjection(db)]);
  const members: Array<{ customer: string; reasons: string[] }> = [];
  let total = 0;
  for (const row of p.rows) {
    const v = evaluateRule(rule, row);
    if (!v.member) continue;
    total++;
    if (members.length < limit) members.push({ customer: maskOpenid(row.openid), reasons: v.reasons });
  }
  return { rule: { _id: rule._id, name: rule.name, version: rule.version }, total, members, projectedAt: p.builtAt };
}

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV of a rule segment: masked ids and reasons only (the first line says so). */
export async function ruleSegmentCsv(db: Db, id: string, files?: ExportFiles): Promise<ExportAnswer & { rows: number }> {
  const m = await ruleSegmentMembers(db, id, Number.MAX_SAFE_INTEGER);
  const lines = [
    `# ${m.rule.name}（第 ${m.rule.version} 版）：仅含脱敏编号和匹配原因，不含 openid 或任何可识别个人的信息`,
    'customer_masked,reasons',
    ...m.members.map((x) => `${csvCell(x.customer)},${csvCell(x.reasons.join('；'))}`),
  ];
  // A big segment's CSV is over what a function may answer a client (1 MB): a file and its link.
  // Recorded on the rule (before it is stored) so that a customer's erasure deletes it (consent/erase-customer.ts).
  const answer = await exportAnswer(lines.join('\n'), `exports/rule-segments/${m.rule._id}.csv`, files, async (fileID) => {
    await db.updateById(COLLECTIONS.ruleSegments, m.rule._id, { exportFileId: fileID });
  });
  return { ...answer, rows: m.members.length };
}

export { saveRuleSegment };
