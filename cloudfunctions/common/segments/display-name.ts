/**
 * The one name staff see for a segment id, on every admin page (分群's cards, map, trend and CSV,
 * 价值's revenue chart, campaign and rule targeting). Before, the map fell back to the name the
 * segment job stored on profiles while the stats cards did not, so one segment read 「分群 3」
 * on a card and 新客 in the map's legend.
 */
import { ruleIdOf } from '../contracts/rule-target';

/**
 * Segment names a naming rule gave before it was renamed, and today's name. Stored names are
 * everywhere — the shipped and the shop's model versions (meta), profiles (`segmentName`), daily
 * snapshots, history — so the old name is mapped wherever one is read, and a refit keeps today's.
 * 高价值忠诚客户 said 高价值 where 价值 also says 历史消费高 (past spend) and 预测 90 天消费 (the
 * value model): the group is the customers who buy often, spend much and still buy.
 */
export const RENAMED_SEGMENT_NAMES: Readonly<Record<string, string>> = {
  高价值忠诚客户: '忠诚高消费客户',
};

/**
 * Today's name of a stored segment name: a renamed rule's name is replaced, with the qualifier or
 * number that told two segments of one rule apart kept (「高价值忠诚客户·近期高消费」, 「高价值忠诚客户2」).
 */
export function currentSegmentName(name: string): string {
  for (const [old, now] of Object.entries(RENAMED_SEGMENT_NAMES)) {
    if (!name.startsWith(old)) continue;
    const rest = name.slice(old.length);
    if (rest === '' || rest.startsWith('·') || /^\d+$/.test(rest)) return now + rest;
  }
  return name;
}

/**
 * `doc` with each of `fields` that holds a stored segment name in today's words (other values as
 * they are; the same object when nothing changes). For stored documents handed on as they are
 * kept — the customer's export of their profile (`segmentName`) and segment history
 * (`fromName`, `toName`), the admin's cached statistics and map (`name`) — so no copy shows a
 * name the product no longer uses.
 */
export function namesInTodaysWords<T extends object>(doc: T, fields: readonly string[]): T {
  let out = doc;
  for (const f of fields) {
    const v = (doc as Record<string, unknown>)[f];
    if (typeof v === 'string' && currentSegmentName(v) !== v) out = { ...out, [f]: currentSegmentName(v) };
  }
  return out;
}

/** Stands for the customers no pass has segmented yet (stats key `none`). */
export const UNSEGMENTED_NAME = '未分群';

/** Where a segment's name can come from, strongest first. */
export interface SegmentNameSources {
  /** The name in the model meta that made the id (the run's version, else the serving one). */
  model?: string | null;
  /**
   * The name the segment job stored on the profiles (`segmentName`): the same model's name, as
   * of the pass — kept when that version's meta is no longer readable.
   */
  stored?: string | null;
}

const given = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';

/**
 * The model's name, else the profiles' stored name, else 未分群 for `none` and 「分群 <id>」, in
 * today's words ({@link currentSegmentName}). The model wins because a refit can rename ids before
 * the next pass rewrites the profiles.
 */
export function segmentDisplayName(id: string | number, names: SegmentNameSources = {}): string {
  if (given(names.model)) return currentSegmentName(names.model);
  if (given(names.stored)) return currentSegmentName(names.stored);
  return String(id) === 'none' ? UNSEGMENTED_NAME : `分群 ${id}`;
}

/** What staff read for a campaign's rule-segment target whose rule is no longer saved. */
export const DELETED_RULE_NAME = '已删除的自定义分群';
/** A rule-segment target while the rules' names are not known (they failed to load). */
export const UNNAMED_RULE_NAME = '自定义分群';

/** Where a campaign target's name can come from: the campaign editor's options (`editorOptions`). */
export interface TargetNameSources {
  /** The serving model's segments. */
  segments?: ReadonlyArray<{ id: number | string; name: string }>;
  /** Every saved rule segment, by target id (`rule:<id>`); absent while not known. */
  ruleSegments?: ReadonlyArray<{ id: string; name: string }>;
}

/**
 * One campaign target (a model segment id, or `rule:<id>`) as staff read it, on the campaign card,
 * in the editor and in the server's messages: a saved rule 「自定义：<name>」; a rule no longer in
 * the saved list 「已删除的自定义分群」 (its id means nothing to staff); a model segment by its
 * name, else 「分群 <id>」 (segmentDisplayName).
 */
export function targetDisplayName(target: number | string, known: TargetNameSources): string {
  if (ruleIdOf(target) !== null) {
    if (!known.ruleSegments) return UNNAMED_RULE_NAME;
    const rule = known.ruleSegments.find((r) => r.id === target);
    return rule ? `自定义：${rule.name}` : DELETED_RULE_NAME;
  }
  return segmentDisplayName(target, { model: known.segments?.find((s) => String(s.id) === String(target))?.name });
}

/**
 * A target known to be gone (not among the live ones: the server's stale and unknown targets):
 * 「已删除的自定义分群」 or 「分群 <id>」, as the campaign card calls it.
 */
export const goneTargetName = (target: number | string): string => targetDisplayName(target, { ruleSegments: [] });
