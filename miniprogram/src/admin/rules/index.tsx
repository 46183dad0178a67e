/**
 * 自定义分群: staff define a segment by conditions (AND/OR, exclusions), see its size live while
 * editing, save it (each save is a new version), list its members (masked, with reasons) and
 * export a CSV of masked ids. Saved rules appear as targets in the campaign editor.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { AdminShell, Card } from '../components/admin-shell';
import { LoadFailed } from '../components/load-failed';
import { Chip, Field, TextBox } from '../components/form-controls';
import { adminApi, AdminError, type FieldProblem, type RuleMembersReply, type RulePreviewView, type RuleSegmentView } from '../services/admin-api';
import { countLine } from '../services/count-line';
import { exportLine } from '../services/export-view';
import { useNewestList } from '../services/use-newest-list';
import { SearchBox } from '../components/search-box';
import { ConditionRowView, type RowChoices } from './condition-row';
import { formOfRule, labelProblems, memberChurnText, membersHeading, newRow, RANGE_FIELDS, toRulePayload, type ConditionRow, type RuleForm } from './rule-form';
import { failureText } from '../../services/outcome';

const EMPTY: RuleForm = { name: '', op: 'and', include: [], exclude: [] };
const ADD: Array<[ConditionRow['kind'], string | undefined, string]> = [
  ...RANGE_FIELDS.map((f): [ConditionRow['kind'], string, string] => ['range', f.field, f.label]),
  ['segment', undefined, '模型分群'],
  ['category', undefined, '关注品类'],
  ['churn_risk', undefined, '流失风险'],
  ['value_stage', undefined, '购买阶段'],
];

function Rows({ rows, choices, onChange, cls }: { rows: ConditionRow[]; choices: RowChoices; onChange: (r: ConditionRow[]) => void; cls: string }) {
  return (
    <View className={cls}>
      {rows.map((r) => (
        <ConditionRowView key={r.key} row={r} choices={choices} onChange={(n) => onChange(rows.map((x) => (x.key === r.key ? n : x)))} onRemove={() => onChange(rows.filter((x) => x.key !== r.key))} />
      ))}
      <View>
        {ADD.map(([kind, field, label]) => (
          <Chip key={`${kind}-${field ?? ''}`} className={`qx-add-${cls}-${field ?? kind}`} on={false} onClick={() => onChange([...rows, newRow(kind, field)])}>
            + {label}
          </Chip>
        ))}
      </View>
    </View>
  );
}

function Editor({ initial, choices, onSaved }: { initial: RuleForm; choices: RowChoices; onSaved: () => void }) {
  const [f, setF] = useState<RuleForm>(initial);
  const [preview, setPreview] = useState<RulePreviewView | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [msg, setMsg] = useState('');
  const seq = useRef(0);
  useEffect(() => setF(initial), [initial]);
  useEffect(() => {
    if (!f.include.length) return setPreview(null);
    const mine = ++seq.current;
    // Debounced: a preview per pause in typing, answered from the server's cached projection.
    const t = setTimeout(() => {
      adminApi.ruleSegmentPreview(toRulePayload(f)).then(
        (p) => mine === seq.current && (setPreview(p), setProblems([])),
        (e: AdminError) => mine === seq.current && (setPreview(null), setProblems(labelProblems(f, e.problems ?? []))),
      );
    }, 300);
    return () => clearTimeout(t);
  }, [f]);
  const save = async () => {
    setMsg('保存中…');
    try {
      const doc = await adminApi.ruleSegmentSave(toRulePayload(f));
      setF({ ...f, _id: doc._id, version: doc.version });
      setMsg(`已保存（第 ${doc.version} 版），可在新建活动时选为目标分群`);
      onSaved();
    } catch (e) {
      const named = labelProblems(f, (e as AdminError).problems ?? []);
      setProblems(named);
      setMsg(named.length ? `保存失败：${named.map((p) => p.message).join('；')}` : failureText('保存失败', e));
    }
  };
  return (
    <Card title={f._id ? '编辑自定义分群' : '新建自定义分群'} className="admin-rule-editor admin-wide">
      <Text className="admin-muted">关闭了个性化推送或未同意数据收集的客户不会进入任何自定义分群。</Text>
      <Field label="分群名称" path="name" problems={problems}>
        <TextBox cls="qx-rule-name" value={f.name} onChange={(name) => setF({ ...f, name })} placeholder="如：高消费但久未购买" />
      </Field>
      <Field label="满足条件" path="include" problems={problems}>
        <View>
          <Chip className="qx-rule-and" on={f.op === 'and'} onClick={() => setF({ ...f, op: 'and' })}>全部满足</Chip>
          <Chip className="qx-rule-or" on={f.op === 'or'} onClick={() => setF({ ...f, op: 'or' })}>任一满足</Chip>
        </View>
        <Rows cls="inc" rows={f.include} choices={choices} onChange={(include) => setF({ ...f, include })} />
      </Field>
      <Field label="排除（满足任一即排除）" path="exclude" problems={problems}>
        <Rows cls="exc" rows={f.exclude} choices={choices} onChange={(exclude) => setF({ ...f, exclude })} />
      </Field>
      <Text className="admin-label qx-rule-preview">
        {preview
          ? `预计 ${preview.size} 人（共 ${preview.population} 位客户；因关闭个性化推送排除 ${preview.excludedOptOut} 人，未同意 ${preview.excludedNoConsent} 人，被排除条件去掉 ${preview.excludedByExclusion} 人）`
          : '添加条件后显示预计人数'}
      </Text>
      <View className="admin-btns">
        {f.readOnly ? <Text className="admin-warn">此分群的嵌套条件超出编辑器范围，只能查看</Text> : <View className="admin-btn qx-rule-save" onClick={save}>保存</View>}
        <View className="admin-btn admin-btn-ghost" onClick={() => setF(EMPTY)}>新建</View>
      </View>
      {msg ? <Text className="admin-muted qx-rule-msg">{msg}</Text> : null}
    </Card>
  );
}

/** The rule's export files of the last hour and what each link does now (export-view.ts). */
function Exports({ r }: { r: RuleSegmentView }) {
  if (!r.exports?.length) return null;
  return (
    <View className="qx-rule-exports">
      <View>
        <Text className="admin-label">最近 1 小时的导出文件</Text>
      </View>
      {r.exports.map((x) => {
        const line = exportLine(x);
        return (
          <View key={x.id} className={`qx-rule-export qx-rule-export-${x.state}`}>
            <Text className={line.warn ? 'admin-warn' : 'admin-muted'}>{line.text}</Text>
          </View>
        );
      })}
    </View>
  );
}

function Saved({ r, onEdit, onExported }: { r: RuleSegmentView; onEdit: () => void; onExported: () => void }) {
  const [members, setMembers] = useState<RuleMembersReply | null>(null);
  const [note, setNote] = useState('');
  const csv = async () => {
    const out = await adminApi.ruleSegmentCsv(r._id);
    if (out.file) {
      // Too big for one answer: the server wrote a file; its link goes to the clipboard.
      await Taro.setClipboardData({ data: out.file.url }).catch(() => undefined);
      setNote(`CSV 较大（${out.rows} 行，${Math.ceil(out.file.bytes / 1024)} KB），已生成文件，下载链接已复制到剪贴板（${Math.round(out.file.expiresInS / 60)} 分钟内有效）`);
      return;
    }
    await Taro.setClipboardData({ data: out.csv ?? '' }).catch(() => undefined);
    setNote(`已生成 CSV（${out.rows} 行，仅脱敏编号和匹配原因），已复制到剪贴板`);
  };
  return (
    <Card title={`${r.name}（第 ${r.version} 版）`} className={`admin-rule qx-rule-${r._id}`}>
      <Text className="admin-muted qx-rule-size">当前 {r.size} 人</Text>
      <View className="admin-btns">
        <View className="admin-btn admin-btn-ghost" onClick={onEdit}>编辑</View>
        <View className="admin-btn admin-btn-ghost qx-rule-members" onClick={() => adminApi.ruleSegmentMembers(r._id).then(setMembers, (e: Error) => setNote(e.message))}>查看成员</View>
        <View className="admin-btn admin-btn-ghost qx-rule-csv" onClick={() => void csv().catch((e: Error) => setNote(e.message)).finally(onExported)}>导出 CSV</View>
      </View>
      {note ? <Text className="admin-muted qx-rule-note">{note}</Text> : null}
      <Exports r={r} />
      {members ? <Text className="admin-muted qx-rule-members-head">{membersHeading(members.total, members.members.length)}</Text> : null}
      {(members?.members ?? []).map((m) => (
        <View key={m.customer} className="admin-table-row qx-rule-member">
          <Text className="admin-cell">{m.customer}</Text>
          <Text className="admin-cell">{m.reasons.join('；')}</Text>
          {memberChurnText(m) ? <Text className="admin-cell admin-muted qx-rule-member-churn">{memberChurnText(m)}</Text> : null}
        </View>
      ))}
    </Card>
  );
}

function Body() {
  const [choices, setChoices] = useState<RowChoices>({ segments: [], categories: [] });
  const [editing, setEditing] = useState<RuleForm>(EMPTY);
  const [optionsError, setOptionsError] = useState('');
  // A name search runs on the server over every saved rule, and pages like the list.
  const [search, setSearch] = useState('');
  const named = search ? { name: search } : {};
  const rules = useNewestList<RuleSegmentView>(
    search,
    (page) => adminApi.ruleSegmentList({ ...page, ...named }),
    () => adminApi.listCount({ list: 'ruleSegments', ...named }).then((c) => c.total),
  );
  const list = rules.items ?? [];
  const loadOptions = () =>
    adminApi.editorOptions().then(
      (o) => {
        setOptionsError('');
        setChoices({
          segments: o.segments.map((s) => ({ id: String(s.id), name: s.name })),
          categories: o.categories ?? [],
          categoryNames: o.categoryNames ?? {},
        });
      },
      (e: Error) => setOptionsError(e.message),
    );
  useEffect(() => void loadOptions(), []);
  // 重试 asks again for what failed: the list, the editor's choices, or both.
  const retry = () => {
    if (rules.error) rules.reload();
    if (optionsError) void loadOptions();
  };
  // Back on the page (from the browser the link was pasted in): an erasure may have voided an export.
  useDidShow(() => rules.reload());
  const error = rules.error || optionsError;
  const words = search
    ? { unit: '个分群', order: '最近保存的', subject: `名称含「${search}」的分群`, empty: `没有名称含「${search}」的分群` }
    : { unit: '个分群', order: '最近保存的', empty: '还没有保存的自定义分群' };
  return (
    <View className="admin-rules">
      {error ? <LoadFailed message={error} onRetry={retry} /> : null}
      <Editor initial={editing} choices={choices} onSaved={rules.reload} />
      <SearchBox cls="qx-rule-search" placeholder="搜索分群名称（可搜到所有已保存的分群）" active={search} onSearch={setSearch} />
      {list.map((r) => (
        <Saved key={r._id} r={r} onEdit={() => setEditing(formOfRule(r as never))} onExported={rules.reload} />
      ))}
      {rules.items ? <Text className="admin-muted qx-rule-count">{countLine(list.length, rules.more, rules.total, words)}</Text> : null}
      {rules.more ? (
        <View className="admin-btns">
          <View className="admin-btn admin-btn-ghost qx-rule-more" onClick={rules.loadMore}>加载更多</View>
        </View>
      ) : null}
    </View>
  );
}

export default function RulesPage() {
  return (
    <AdminShell current="rules">
      <Body />
    </AdminShell>
  );
}
