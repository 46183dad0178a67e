/**
 * What staff read when the admin function refuses a form or a request: each field named as the
 * admin page names it, never by its wire name (`rules.0.field`, `segmentId`), and no English. One
 * mapping from path to label for every admin schema (campaigns, rule segments, the admin
 * requests); the words come from refusal-text.ts, which the app's boundaries use for customers.
 */
import { issueText, type FieldLabels, type IssueLike } from './refusal-text';

/** The admin schemas whose refusals staff read. */
export type StaffForm = 'campaign' | 'rule' | 'request';

/** Condition fields of a rule segment, below `include`/`exclude` (the page prefixes the row's name). */
const RULE_GROUP: Readonly<Record<string, string>> = {
  '': '',
  op: '组合方式',
  items: '条件',
  'items.op': '组合方式',
  'items.kind': '条件类型',
  'items.field': '条件字段',
  'items.min': '下限',
  'items.max': '上限',
  'items.in': '选项',
};
const group = (at: string, label: string): Array<[string, string]> =>
  Object.entries(RULE_GROUP).map(([k, v]) => [k ? `${at}.${k}` : at, k ? v : label]);

/**
 * Labels by path (array indices left out; a rule's nested groups read as one level), as the
 * pages say them: 活动编辑's field labels, 自定义分群's, and the admin requests' parts.
 */
export const STAFF_FIELD_LABELS: Readonly<Record<StaffForm, Readonly<Record<string, string>>>> = {
  campaign: {
    _id: '活动编号',
    revision: '活动版本',
    name: '活动名称',
    kind: '通知类型',
    segments: '目标分群',
    filters: '筛选条件',
    'filters.sentiment': '评价正面度',
    'filters.recencyDays': '距上次购买天数',
    'filters.frequency90d': '近90天购买次数',
    'filters.monetary90d': '近90天消费金额',
    templateId: '通知类型',
    productId: '关联商品',
    data: '通知内容',
    page: '点击通知打开的页面',
    schedule: '发送时间',
    frequencyCap: '频次上限',
    'frequencyCap.max': '频次上限的条数',
    'frequencyCap.windowHours': '频次上限的时长',
    quietHours: '免打扰时段',
    'quietHours.start': '免打扰开始时间',
    'quietHours.end': '免打扰结束时间',
    holdoutPct: '对照组比例',
    conversionWindowHours: '转化窗口',
  },
  rule: {
    _id: '分群编号',
    version: '分群版本',
    name: '分群名称',
    description: '分群说明',
    ...Object.fromEntries([...group('include', '满足条件'), ...group('exclude', '排除条件')]),
  },
  request: {
    action: '操作',
    refresh: '刷新',
    targets: '目标分群',
    segments: '目标分群',
    id: '编号',
    name: '名称',
    campaign: '活动',
    rule: '自定义分群',
    before: '翻页位置',
    limit: '条数',
    list: '列表',
    campaignId: '活动',
    templateId: '通知类型',
    model: '模型',
    to: '回滚到的版本',
    note: '备注',
    budgetMs: '训练时长',
    days: '天数',
    filtered: '筛选条件',
  },
};

/** `include.items.0.items.1.min` → `include.items.min`: indices dropped, nested groups one level. */
export function labelKey(path: IssueLike['path']): string {
  const named = path.filter((k): k is string => typeof k === 'string');
  return named.filter((k, i) => !(k === 'items' && named[i - 1] === 'items')).join('.');
}

const own = (map: Readonly<Record<string, string>>, key: string): string | null =>
  Object.prototype.hasOwnProperty.call(map, key) ? map[key] : null;

/**
 * Labels known only with the form's content, by label path: a campaign's template fields by their
 * keyword names (`data.thing4` → 温馨提示, campaign/validate-campaign.ts), ahead of the form's own.
 */
export type ExtraLabels = Readonly<Record<string, string>>;

/**
 * The label of a path on `form`: its own, else its nearest named parent's (`data.thing1.value` →
 * 通知内容; with `extra` naming `data.thing1`, that name).
 */
export function staffFieldLabel(form: StaffForm, path: IssueLike['path'], extra: ExtraLabels = {}): string | null {
  const parts = labelKey(path).split('.');
  for (let n = parts.length; n > 0; n--) {
    const at = parts.slice(0, n).join('.');
    const label = own(extra, at) ?? own(STAFF_FIELD_LABELS[form], at);
    if (label) return label;
  }
  return null;
}

/** {@link FieldLabels} of a staff form: a refused key is named only by its own label. */
export const staffLabels = (form: StaffForm, extra: ExtraLabels = {}): FieldLabels => ({
  field: (path) => staffFieldLabel(form, path, extra),
  key: (parent, key) => own(extra, labelKey([...parent, key])) ?? own(STAFF_FIELD_LABELS[form], labelKey([...parent, key])),
});

/** A zod issue with what each member of a union said, when it is a union's. */
type UnionIssue = IssueLike & { unionErrors?: Array<{ issues: UnionIssue[] }> };

/**
 * A rule's items are a union (a condition of one of five kinds, or a group), and zod says only
 * 「格式不正确」 for the whole item. The issues of the member the item was meant for say what is
 * wrong: the members that did not refuse its kind (`invalid_literal`), the one with fewest issues
 * when it is the only one; else the union's own issue.
 */
function meant(issues: UnionIssue[]): UnionIssue[] {
  const [only] = issues;
  if (issues.length !== 1 || only.code !== 'invalid_union' || !only.unionErrors) return issues;
  const tried = only.unionErrors.map((e) => meant(e.issues)).filter((is) => is.length > 0 && !is.some((i) => i.code === 'invalid_literal'));
  const fewest = Math.min(...tried.map((is) => is.length));
  const best = tried.filter((is) => is.length === fewest);
  return best.length === 1 ? best[0] : issues;
}

/** One refusal as staff read it: the field's path (where the page shows it) and the Chinese text. */
export interface StaffProblem {
  path: string;
  message: string;
}

/** zod issues of `form`'s schema as staff read them, each beside its field (`extra`: {@link ExtraLabels}). */
export function staffProblems(form: StaffForm, issues: readonly UnionIssue[], extra: ExtraLabels = {}): StaffProblem[] {
  return issues.flatMap((i) => meant([i])).map((at) => ({
    path: at.path.join('.'),
    // a schema's own sentence (a refinement) already says what is wrong with which field
    message: at.code === 'custom' ? at.message : issueText(at, staffLabels(form, extra)),
  }));
}
