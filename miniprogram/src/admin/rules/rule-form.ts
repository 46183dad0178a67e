/**
 * The rule-segment editor's state and its conversion to what the admin function takes. The editor
 * offers one AND/OR group of conditions plus an exclusion group (the server accepts nesting up
 * to three levels; a rule saved with deeper nesting is shown read-only).
 */
import { CHURN_NOTE_LABEL, churnNoteReason, type MemberChurn } from '../../../../cloudfunctions/common/contracts/churn-note';

/** Fields staff can bound, with Chinese labels and units, in the order they are offered. */
export const RANGE_FIELDS: ReadonlyArray<{ field: string; label: string; unit: string; pct?: boolean }> = [
  { field: 'monetary_90d', label: '近90天消费', unit: '元' },
  { field: 'recency_days', label: '最近购买距今', unit: '天' },
  { field: 'frequency_90d', label: '近90天购买次数', unit: '次' },
  { field: 'monetary_365d', label: '近一年消费', unit: '元' },
  // 「未来访天数」 also reads as 未来·访 (future visits): said as its sibling 最近购买距今 is.
  { field: 'days_since_active', label: '最近来访距今', unit: '天' },
  { field: 'product_views_30d', label: '近30天浏览', unit: '次' },
  { field: 'cart_adds_30d', label: '近30天加购', unit: '次' },
  { field: 'sentiment_mean', label: '评价正面度', unit: '0–1', pct: true },
  { field: 'value_spend_90d', label: '预计90天消费', unit: '元' },
  { field: 'value_p_active', label: '仍活跃概率', unit: '0–1', pct: true },
];

/** One condition row as edited (numbers as typed). */
export interface ConditionRow {
  key: number;
  kind: 'range' | 'segment' | 'category' | 'churn_risk' | 'value_stage';
  field?: string;
  min: string;
  max: string;
  values: string[];
}

/** The editor state. */
export interface RuleForm {
  _id?: string;
  /** The version loaded or last saved here: the server refuses a save over one this editor never saw. */
  version?: number;
  name: string;
  op: 'and' | 'or';
  include: ConditionRow[];
  exclude: ConditionRow[];
  /** Set when the saved rule nests deeper than the editor shows. */
  readOnly?: boolean;
}

/** Labels of the condition kinds that are chosen from a list (a range row is labelled by its field). */
export const KIND_LABEL = { segment: '模型分群', category: '近90天关注品类', churn_risk: '流失风险', value_stage: '购买阶段' } as const;

/** What a row is called on the page: its field's label, or its kind's. */
/**
 * The shop's name for category `id`, else the id. An own-property check, not `names[id] ?? id`:
 * ids are merchant-chosen, and `constructor` would otherwise read Object's constructor.
 */
export function nameOf(names: Readonly<Record<string, string>> | undefined, id: string): string {
  return names && Object.prototype.hasOwnProperty.call(names, id) ? names[id] : id;
}

export function rowLabel(row: Pick<ConditionRow, 'kind' | 'field'>): string {
  if (row.kind !== 'range') return KIND_LABEL[row.kind];
  return RANGE_FIELDS.find((f) => f.field === row.field)?.label ?? row.field ?? '条件';
}

/**
 * The server's problems with the row they belong to named: a rule with three empty choice rows
 * answered 「至少选择一项；至少选择一项；至少选择一项」, which does not say which rows.
 */
export function labelProblems<P extends { path: string; message: string }>(f: RuleForm, problems: readonly P[]): P[] {
  return problems.map((p) => {
    const m = /^(include|exclude)\.items\.(\d+)(\.|$)/.exec(p.path);
    const row = m ? f[m[1] as 'include' | 'exclude'][Number(m[2])] : undefined;
    return row ? { ...p, message: `${m![1] === 'exclude' ? '排除条件' : ''}「${rowLabel(row)}」：${p.message}` } : p;
  });
}

let seq = 0;
/** A new condition row. */
export function newRow(kind: ConditionRow['kind'], field?: string): ConditionRow {
  return { key: ++seq, kind, field, min: '', max: '', values: [] };
}

const num = (s: string): number | undefined => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));

function toItem(r: ConditionRow): Record<string, unknown> {
  if (r.kind === 'range') return { kind: 'range', field: r.field, min: num(r.min), max: num(r.max) };
  return { kind: r.kind, in: r.values };
}

/** What `ruleSegmentPreview` / `ruleSegmentSave` take. */
export function toRulePayload(f: RuleForm): Record<string, unknown> {
  return {
    ...(f._id ? { _id: f._id } : {}),
    ...(f._id && typeof f.version === 'number' ? { version: f.version } : {}),
    name: f.name,
    include: { op: f.op, items: f.include.map(toItem) },
    ...(f.exclude.length ? { exclude: { op: 'or', items: f.exclude.map(toItem) } } : {}),
  };
}

type Item = { kind?: string; field?: string; min?: number; max?: number; in?: string[]; op?: string; items?: Item[] };

function rowOf(i: Item): ConditionRow | null {
  if (i.op) return null;
  const r = newRow(i.kind as ConditionRow['kind'], i.field);
  return { ...r, min: i.min === undefined ? '' : String(i.min), max: i.max === undefined ? '' : String(i.max), values: i.in ?? [] };
}

/** The editor state of a saved rule. */
export function formOfRule(doc: { _id: string; version?: number; name: string; include: Item; exclude?: Item }): RuleForm {
  const inc = (doc.include.items ?? []).map(rowOf);
  const exc = (doc.exclude?.items ?? []).map(rowOf);
  return {
    _id: doc._id,
    ...(typeof doc.version === 'number' ? { version: doc.version } : {}),
    name: doc.name,
    op: doc.include.op === 'or' ? 'or' : 'and',
    include: inc.filter((r): r is ConditionRow => r !== null),
    exclude: exc.filter((r): r is ConditionRow => r !== null),
    readOnly: inc.includes(null) || exc.includes(null) || (doc.exclude !== undefined && doc.exclude.op !== 'or'),
  };
}

/**
 * Why a listed member is at risk, for staff: the sentence the value model's pass stored with the
 * level (it names the rule that set it, value/churn.ts). The list showed 「流失风险高」 at most, and
 * only when the rule tested it. Null for a low risk (not at risk) or no buyer prediction.
 */
export function memberChurnText(m: { churn?: MemberChurn }): string | null {
  const reason = churnNoteReason(m.churn);
  // The sentence says the verdict itself (流失风险高 / 有流失迹象): the prefix does not say it again.
  return reason === null ? null : `${CHURN_NOTE_LABEL}：${reason}`;
}

/**
 * The line above a saved segment's member list: how many match and how many are listed. The
 * admin function answers the first 50 with the total; the page listed 50 under 「当前 193 人」 and
 * said nothing of the other 143.
 */
export function membersHeading(total: number, shown: number): string {
  if (total === 0) return '目前没有客户符合这些条件';
  return shown < total
    ? `共 ${total} 人，下面列出前 ${shown} 人（编号已打码；完整名单请点「导出 CSV」）`
    : `共 ${total} 人（编号已打码）`;
}
