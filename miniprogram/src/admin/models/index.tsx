/**
 * 模型: per model, which version serves (随函数发布的默认模型 or 本店数据训练), when it was
 * trained and on what data, how it compared with the version before it on held-back data, and
 * the last refit. Staff can roll back to a version that served before, or ask for a refit.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { AdminShell, Card } from '../components/admin-shell';
import { LoadFailed, useLoad } from '../components/load-failed';
import { adminApi, type ModelCard, type RefitRequestReply } from '../services/admin-api';
import { shortTime } from '../services/format';
import {
  metricText,
  RMSE_LABEL,
  scheduleText,
  servingLine,
  STATUS_TEXT as STATUS,
  sentimentRefitFigures,
  valueRefitFigures,
  versionStatusText,
} from '../services/model-view';

// The value model ships no default: before the shop's first version there are no predictions.
const versionText = (v: string, model?: string) =>
  v !== 'shipped' ? v : model === 'value' ? '不预测' : '默认模型';
const METRIC: Record<string, string> = {
  balanced_accuracy: '平衡准确率',
  accuracy: '准确率',
  heldout_silhouette: '留出客户轮廓系数',
  rmse: RMSE_LABEL,
};
/** A data-window bound: an ISO time as a short local time, `all` as 最早. */
const bound = (s: string) => (s === 'all' ? '最早' : /^\d{4}-\d\d-\d\dT/.test(s) ? shortTime(Date.parse(s)) : s);
/**
 * What a model's training and held-out counts count: rated reviews, customers (profiles) or
 * buyers — the 客户价值 card said "622 条" where the 价值 page says 622 位买家.
 */
const COUNT_UNIT: Record<string, string> = { sentiment: '条', segmentation: '位客户', value: '位买家' };
const unitOf = (model: string) => COUNT_UNIT[model] ?? '条';

/**
 * The data a version learned from: all of it up to a time (sentiment: every rated review), a
 * snapshot (segmentation: the profiles as they were), or a span (value: purchase history).
 */
function windowText(w: { from: string; to: string; n: number }, model: string): string {
  const n = `共 ${w.n} ${unitOf(model)}`;
  if (w.from === 'all') return `训练数据：截至 ${bound(w.to)} 的全部数据，${n}`;
  if (w.from === w.to) return `训练数据：${bound(w.to)} 时的数据快照，${n}`;
  return `训练数据：${bound(w.from)} 至 ${bound(w.to)}，${n}`;
}

/** The toast after 重新训练: finished now, or started and continuing on the refit timer. */
function refitToast(r: RefitRequestReply): string {
  if (r.tick?.status === 'succeeded') return '重新训练完成';
  if (r.tick?.status === 'failed') return `重新训练失败：${r.tick.error ?? ''}`;
  return r.created ? '已开始重新训练，稍后自动继续' : '重新训练已在进行中';
}

/** The last refit's outcome: its sentence and both figures on the held-back slice. */
function RefitResult({ r, m }: { r: NonNullable<ModelCard['lastRefit']>['result']; m: ModelCard }) {
  if (!r) return null;
  const backTest = m.model === 'value' ? valueRefitFigures(r, m.versions) : null;
  const sentiment = sentimentRefitFigures(r);
  return (
    <>
      {r.summary ? <Text className="admin-line qx-model-refit-result">训练结果：{r.summary}</Text> : null}
      {backTest ? <Text className="admin-line qx-model-refit-figures">{backTest}</Text> : null}
      {sentiment ? <Text className="admin-line qx-model-refit-figures">{sentiment}</Text> : null}
    </>
  );
}

function ModelBox({ m, reload }: { m: ModelCard; reload: () => void }) {
  const [busy, setBusy] = useState('');
  const act = async (label: string, run: () => Promise<string | void>) => {
    setBusy(label);
    try {
      const said = await run();
      await Taro.showToast({ title: said || `${label}成功`, icon: 'none' });
      reload();
    } catch (e) {
      await Taro.showToast({ title: (e as Error).message, icon: 'none' });
    } finally {
      setBusy('');
    }
  };
  const s = m.serving;
  const ev = s.evaluation;
  return (
    <Card title={m.label} className={`qx-model qx-model-${m.model}`}>
      <Text className="admin-line qx-model-serving">
        当前使用：
        {servingLine(m)}
      </Text>
      {s.trainedAt ? (
        <Text className="admin-line admin-muted">训练时间：{shortTime(Date.parse(s.trainedAt))}</Text>
      ) : null}
      {s.dataWindow ? <Text className="admin-line admin-muted qx-model-data">{windowText(s.dataWindow, m.model)}</Text> : null}
      {ev ? (
        <Text className="admin-line qx-model-eval">
          留出数据评估（{ev.heldOut} {unitOf(m.model)}，{METRIC[ev.metric] ?? ev.metric}）：新版本 {metricText(ev.metric, ev.candidate)}，原版本（
          {versionText(ev.incumbentVersion, m.model)}）{metricText(ev.metric, ev.incumbent)}
          {ev.passed ? ' · 通过' : ' · 未通过'}
        </Text>
      ) : null}
      {m.lastChange ? (
        <Text className="admin-line admin-muted">
          最近变更：{m.lastChange.kind === 'rollback' ? '回滚' : '评估通过后上线'}，
          {versionText(m.lastChange.from, m.model)} → {versionText(m.lastChange.to, m.model)}（
          {shortTime(Date.parse(m.lastChange.at))}）
        </Text>
      ) : null}
      <Text className="admin-line admin-muted qx-model-refit">
        上次重新训练：
        {m.lastRefit
          ? `${STATUS[m.lastRefit.status] ?? m.lastRefit.status}（${shortTime(m.lastRefit.createdAt)}）${m.lastRefit.error ? `：${m.lastRefit.error.message}` : ''}`
          : '暂无'}
      </Text>
      {m.lastRefit?.status === 'succeeded' ? <RefitResult r={m.lastRefit.result} m={m} /> : null}
      {m.schedule ? (
        <Text className="admin-line admin-muted qx-model-schedule">
          {scheduleText(m.schedule)}
        </Text>
      ) : null}
      {m.versions.length ? (
        <View className="qx-model-versions">
          {m.versions.map((v) => (
            <Text key={v.version} className="admin-line admin-muted">
              {v.version} · {versionStatusText(v)}
              {v.loadFailures.length ? ` · 加载失败 ${v.loadFailures.length} 次` : ''}
            </Text>
          ))}
          {m.olderVersions ? <Text className="admin-line admin-muted qx-model-older">仅列出最近 {m.versions.length} 个版本，更早的版本未列出</Text> : null}
        </View>
      ) : null}
      <View className="admin-btns">
        {m.rollbackTargets.map((to) => (
          <View
            key={to}
            className="admin-btn admin-btn-ghost qx-model-rollback"
            onClick={() => !busy && void act('回滚', async () => void (await adminApi.modelRollback(m.model, to)))}
          >
            {busy === '回滚' ? '处理中…' : `回滚到 ${versionText(to, m.model)}`}
          </View>
        ))}
        <View
          className="admin-btn qx-model-refit-btn"
          onClick={() => !busy && void act('重新训练', async () => refitToast(await adminApi.modelRefit(m.model)))}
        >
          {busy === '重新训练' ? '训练中…' : '重新训练'}
        </View>
      </View>
    </Card>
  );
}

function Body() {
  const { data: models, error, reload: load } = useLoad<ModelCard[]>(() => adminApi.models());
  if (error) return <LoadFailed message={error} onRetry={load} />;
  if (!models) return <Card>加载中…</Card>;
  return (
    <View className="qx-models">
      {models.map((m) => (
        <ModelBox key={m.model} m={m} reload={load} />
      ))}
    </View>
  );
}

export default function ModelsPage() {
  return (
    <AdminShell current="models">
      <Body />
    </AdminShell>
  );
}
