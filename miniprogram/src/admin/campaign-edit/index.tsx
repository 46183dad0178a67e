/** 活动编辑: the campaign editor; the server checks WeChat's field rules and shows problems per field. */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { AdminShell, Card } from '../components/admin-shell';
import { LoadFailed } from '../components/load-failed';
import { Chip, Field, TextBox } from '../components/form-controls';
import { adminApi, AdminError, type EditorOptions, type FieldProblem, type TemplateFault } from '../services/admin-api';
import { ruleIdOf } from '../../../../cloudfunctions/common/contracts/rule-target';
import { targetDisplayName } from '../../../../cloudfunctions/common/segments/display-name';
import { AudienceEstimate } from './audience-estimate';
import { formOf, kindOfTemplate, newForm, sourcesFor, toPayload, type FormState } from './form-state';
import { ScheduleField } from './schedule-field';
import { ProductPicker } from './product-picker';
import { RuleSearch } from './rule-search';
import { unofferedTargets, withFound } from './unoffered-targets';
import type { RuleTargetOption } from '../../../../cloudfunctions/common/contracts/admin-replies';
import { scheduleProblem } from './schedule-form';
import { failureText } from '../../services/outcome';
import { TemplateRemoved } from './template-removed';
import { problemsLine } from './problems-line';

function Editor({ opts, initial, removed: removedAtOpen }: { opts: EditorOptions; initial: FormState; removed: TemplateFault[] }) {
  const [f, setF] = useState<FormState>(initial);
  // Templates WeChat said are gone (40037): not offered, unless this campaign still uses one.
  const [removed, setRemoved] = useState(removedAtOpen);
  const [restored, setRestored] = useState(0);
  const removedTpl = removed.find((r) => r.templateId === f.templateId);
  const offeredTemplates = opts.templates.filter((t) => t.templateId === f.templateId || !removed.some((r) => r.templateId === t.templateId));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [msg, setMsg] = useState('');
  const set = (patch: Partial<FormState>) => setF((x) => ({ ...x, ...patch }));
  // Rules picked from a name search join the offered ones: named, chosen and kept like them.
  const [found, setFound] = useState<RuleTargetOption[]>([]);
  const offered = { ...opts, ruleSegments: withFound(opts.ruleSegments ?? [], found) };
  const pickFound = (r: RuleTargetOption) => {
    setFound((x) => withFound(x, [r]));
    setF((x) => ({ ...x, segments: x.segments.includes(r.id) ? x.segments.filter((t) => t !== r.id) : [...x.segments, r.id] }));
  };
  const tpl = opts.templates.find((t) => t.templateId === f.templateId);
  const pickTemplate = (id: string) => {
    const t = opts.templates.find((x) => x.templateId === id);
    set({ templateId: id, kind: kindOfTemplate(t, f.kind), keys: newForm(t, f.productId).keys });
  };
  const save = async (andSend: boolean) => {
    const when = scheduleProblem(f.schedule, Date.now());
    if (when) {
      setProblems([{ path: 'schedule', message: when }]);
      setMsg('有 1 处需要修改');
      return;
    }
    setMsg('保存中…');
    setProblems([]);
    try {
      const c = await adminApi.campaignSave(toPayload(f));
      // Our own save's revision: a retry from this page (say 立即发送 failed) is not someone else's.
      set({ _id: c._id, ...(typeof c.revision === 'number' ? { revision: c.revision } : {}) });
      if (andSend) {
        setMsg('已保存，正在发送…');
        // What the send did travels to the list (this page is left at once), shown on the campaign's row.
        const said = `已保存。${(await adminApi.campaignDispatch(c._id)).outcome}`;
        Taro.redirectTo({ url: `/admin/campaigns/index?id=${c._id}&said=${encodeURIComponent(said)}` });
        return;
      }
      setMsg('已保存为草稿');
      Taro.redirectTo({ url: `/admin/campaigns/index?id=${c._id}&said=${encodeURIComponent('已保存为草稿')}` });
    } catch (err) {
      const e = err as AdminError;
      setProblems(e.problems ?? []);
      setMsg(e.problems?.length ? problemsLine(e.problems, (tpl?.fields ?? []).map((x) => x.key)) : failureText('保存失败', e));
    }
  };
  return (
    <Card title={f._id ? '编辑活动' : '新建活动'} className="admin-editor">
      <Text className="admin-muted">
        订阅消息只能发送客户订阅过的服务通知（降价、到货、订单、提醒），不能用于广告。
      </Text>
      <Field label="活动名称" path="name" problems={problems}>
        <TextBox
          cls="qx-f-name"
          value={f.name}
          onChange={(name) => set({ name })}
          placeholder="如：收藏商品降价提醒"
        />
      </Field>
      <Field label="目标分群（可不选）" path="segments" problems={problems}>
        <View>
          {opts.segments.map((s) => (
            <Chip
              key={String(s.id)}
              className={`qx-seg-${s.id}`}
              on={f.segments.includes(s.id)}
              onClick={() =>
                set({
                  segments: f.segments.includes(s.id)
                    ? f.segments.filter((x) => x !== s.id)
                    : [...f.segments, s.id],
                })
              }
            >
              {s.name}
            </Chip>
          ))}
          {offered.ruleSegments.map((s) => (
            <Chip
              key={s.id}
              className={`qx-rseg-${s.id.slice(5)}`}
              on={f.segments.includes(s.id)}
              onClick={() =>
                set({ segments: f.segments.includes(s.id) ? f.segments.filter((x) => x !== s.id) : [...f.segments, s.id] })
              }
            >
              {targetDisplayName(s.id, offered)}
            </Chip>
          ))}
          {/* Kept by the stored campaign but gone since: shown so staff can take them off. */}
          {unofferedTargets(f.segments, offered).map((t) => (
            <Chip key={`gone-${t}`} className="qx-seg-gone" on onClick={() => set({ segments: f.segments.filter((x) => x !== t) })}>
              {targetDisplayName(t, offered)}（已失效，点击移除）
            </Chip>
          ))}
        </View>
        <RuleSearch selected={f.segments} onPick={pickFound} />
        {/* What 不选 does, and why choosing narrows to personalised pushes (campaign-schema isPersonalised):
            the label said 「不选 = 全部已同意客户，且不属于个性化推送」. */}
        <Text className="admin-muted qx-target-note">
          不选分群、也不设评价正面度：发给全部已同意数据收集的客户，关闭了个性化推送的客户也会收到（不按画像挑人）。按分群或评价挑人时，只发给开着个性化推送的客户。
        </Text>
      </Field>
      <Field label="评价正面度（0–1，1 = 全是好评；可留空）" path="filters" problems={problems}>
        <View className="admin-row">
          <TextBox
            cls="qx-f-smin"
            type="digit"
            value={f.sentimentMin}
            onChange={(sentimentMin) => set({ sentimentMin })}
            placeholder="最低"
          />
          <TextBox
            cls="qx-f-smax"
            type="digit"
            value={f.sentimentMax}
            onChange={(sentimentMax) => set({ sentimentMax })}
            placeholder="最高"
          />
        </View>
      </Field>
      <Field label="通知类型（客户订阅的消息模板，决定通知的内容项）" path="templateId" problems={problems}>
        <View>
          {offeredTemplates.map((t) => (
            <Chip
              key={t.templateId}
              className={`qx-tpl-${t.templateId}`}
              on={f.templateId === t.templateId}
              onClick={() => pickTemplate(t.templateId)}
            >
              {t.title}
              {t.templateId === removedTpl?.templateId ? '（已失效）' : ''}
            </Chip>
          ))}
        </View>
        {removedTpl ? (
          <TemplateRemoved
            fault={removedTpl}
            title={tpl?.title ?? f.templateId}
            onRestored={() => {
              setRemoved((x) => x.filter((r) => r.templateId !== removedTpl.templateId));
              setRestored((n) => n + 1);
            }}
          />
        ) : null}
        {tpl ? <Text className="admin-muted qx-tpl-fields">通知内容：{tpl.fields.map((x) => x.name).join('、')}</Text> : null}
      </Field>
      <AudienceEstimate segments={f.segments} templateId={f.templateId} templateTitle={tpl?.title ?? f.templateId} filtered={f.sentimentMin.trim() !== '' || f.sentimentMax.trim() !== ''} refresh={restored} />
      <Field label="关联商品" path="productId" problems={problems}>
        <ProductPicker products={opts.products} selected={f.productId} onPick={(id) => set({ productId: id, page: `pages/product/index?id=${id}` })} />
      </Field>
      {(tpl?.fields ?? []).map((field) => (
        <Field
          key={field.key}
          // WeChat's keyword name (温馨提示), as the template library gives it; the key (thing4) is the
          // wire name WeChat receives: a developer finds it in the field's class (qx-field-data-thing4)
          // and in the saved campaign's `data`, not in staff's label.
          label={field.name}
          path={`data.${field.key}`}
          problems={problems}
        >
          <View>
            {sourcesFor(field.key).map((s) => (
              <Chip
                key={s.id}
                className={`qx-src-${field.key}-${s.id.replace('.', '-')}`}
                on={f.keys[field.key]?.source === s.id}
                onClick={() =>
                  set({
                    keys: { ...f.keys, [field.key]: { source: s.id, text: f.keys[field.key]?.text ?? '' } },
                  })
                }
              >
                {s.label}
              </Chip>
            ))}
          </View>
          {f.keys[field.key]?.source === 'text' ? (
            <TextBox
              cls={`qx-f-${field.key}`}
              value={f.keys[field.key]?.text ?? ''}
              onChange={(text) => set({ keys: { ...f.keys, [field.key]: { source: 'text', text } } })}
              placeholder="填写内容"
            />
          ) : null}
        </Field>
      ))}
      <Field label="点击通知打开的页面（发送时自动附加活动编号）" path="page" problems={problems}>
        <TextBox cls="qx-f-page" value={f.page} onChange={(page) => set({ page })} />
      </Field>
      <ScheduleField value={f.schedule} onChange={(schedule) => set({ schedule })} problems={problems} />
      {/* The boxes in the sentence's order, with its words between them: under 「每 N 小时最多 M 条」
          the filled boxes read 「1 | 24」 (M first), i.e. 每 1 小时最多 24 条, the opposite of the cap. */}
      <Field label="频次上限（所有活动合计）" path="frequencyCap" problems={problems}>
        <View className="admin-row qx-f-cap">
          <Text className="admin-row-word">每</Text>
          <TextBox
            cls="qx-f-caphours"
            type="digit"
            value={f.capHours}
            onChange={(capHours) => set({ capHours })}
            placeholder="小时数"
          />
          <Text className="admin-row-word">小时最多</Text>
          <TextBox
            cls="qx-f-capmax"
            type="digit"
            value={f.capMax}
            onChange={(capMax) => set({ capMax })}
            placeholder="条数"
          />
          <Text className="admin-row-word">条</Text>
        </View>
      </Field>
      <Field label="免打扰时段（北京时间）" path="quietHours" problems={problems}>
        <View>
          <Chip on={f.quiet} onClick={() => set({ quiet: true })}>
            开启
          </Chip>
          <Chip className="qx-quiet-off" on={!f.quiet} onClick={() => set({ quiet: false })}>
            不设置
          </Chip>
        </View>
        {f.quiet ? (
          <View className="admin-row">
            <Text className="admin-row-word">从</Text>
            <TextBox cls="qx-f-qstart" value={f.quietStart} onChange={(quietStart) => set({ quietStart })} />
            <Text className="admin-row-word">至</Text>
            <TextBox cls="qx-f-qend" value={f.quietEnd} onChange={(quietEnd) => set({ quietEnd })} />
            <Text className="admin-row-word">不发送</Text>
          </View>
        ) : null}
      </Field>
      <Field label="对照组比例（%，不发送，用于衡量提升）" path="holdoutPct" problems={problems}>
        <TextBox
          cls="qx-f-holdout"
          type="digit"
          value={f.holdoutPct}
          onChange={(holdoutPct) => set({ holdoutPct })}
        />
      </Field>
      <Field label="转化窗口（小时）" path="conversionWindowHours" problems={problems}>
        <TextBox
          cls="qx-f-window"
          type="digit"
          value={f.windowHours}
          onChange={(windowHours) => set({ windowHours })}
        />
      </Field>
      {msg ? <Text className="admin-label qx-editor-msg">{msg}</Text> : null}
      <View className="admin-btns">
        <View className="admin-btn admin-btn-ghost qx-save" onClick={() => save(false)}>
          保存草稿
        </View>
        <View className="admin-btn qx-save-send" onClick={() => save(true)}>
          保存并发送
        </View>
      </View>
    </Card>
  );
}

function Body() {
  const { params } = useRouter();
  const [ready, setReady] = useState<{ opts: EditorOptions; form: FormState; removed: TemplateFault[] } | null>(null);
  const [error, setError] = useState('');
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setError('');
    (async () => {
      // The campaign first: the options then hold its own rule targets, however old (not 已失效).
      const stored = params.id ? await adminApi.campaignGet(params.id) : null;
      const [opts, faults] = await Promise.all([
        adminApi.editorOptions(stored?.segments.filter((s) => ruleIdOf(s) !== null)),
        // Unreadable: everything is offered, and saving a removed template is still refused.
        adminApi.subscribeFaults().catch(() => ({ banned: [], removed: [] })),
      ]);
      const loaded = stored ? formOf(stored) : null;
      const usable = opts.templates.filter((t) => !faults.removed.some((r) => r.templateId === t.templateId));
      // A stored campaign's kind follows its template, as a new one's does (one choice, not two).
      const form = loaded
        ? { ...loaded, kind: kindOfTemplate(opts.templates.find((t) => t.templateId === loaded.templateId), loaded.kind) }
        : newForm(usable[0] ?? opts.templates[0], opts.products[0]?._id ?? '');
      setReady({ opts, form, removed: faults.removed });
    })().catch((e: Error) => setError(e.message));
  }, [params.id, attempt]);
  if (error) return <LoadFailed message={error} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!ready) return <Card>加载中…</Card>;
  return <Editor opts={ready.opts} initial={ready.form} removed={ready.removed} />;
}

export default function CampaignEditPage() {
  return (
    <AdminShell current="campaigns">
      <Body />
    </AdminShell>
  );
}
