/**
 * 模型: per model, which version serves (随函数发布的默认模型 or 本店数据训练), when it was
 * trained and on what data, how it compared with the version before it on held-back data, and
 * the last refit. Staff can roll back to a version that served before, or ask for a refit.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { AdminShell, Card } from '../components/admin-shell';
import { adminApi, type ModelCard } from '../services/admin-api';
import { shortTime } from '../services/format';

const STATUS: Record<string, string> = {
  candidate: '待评估',
  serving: '使用中',
  rejected: '未通过',
  retired: '已停用',
  running: '进行中',
  succeeded: '已完成',
  failed: '失败',
};
const versionText = (v: string) => (v === 'shipped' ? '默认模型' : v);
const num = (x: number) => (Math.abs(x) < 1 ? x.toFixed(3) : x.toFixed(2));

function ModelBox({ m, reload }: { m: ModelCard; reload: () => void }) {
  const [busy, setBusy] = useState('');
  const act = async (label: string, run: () => Promise<unknown>) => {
    setBusy(label);
    try {
      await run();
      await Taro.showToast({ title: `${label}成功`, icon: 'none' });
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
        当前使用：{s.source === 'shop' ? `本店数据训练 · ${s.version}` : '随函数发布的默认模型'}
      </Text>
      {s.trainedAt ? (
        <Text className="admin-line admin-muted">训练时间：{shortTime(Date.parse(s.trainedAt))}</Text>
      ) : null}
      {s.dataWindow ? (
        <Text className="admin-line admin-muted">
          训练数据：{s.dataWindow.from} 至 {s.dataWindow.to}，共 {s.dataWindow.n} 条
        </Text>
      ) : null}
      {ev ? (
        <Text className="admin-line qx-model-eval">
          留出数据评估（{ev.heldOut} 条，{ev.metric}）：新版本 {num(ev.candidate)}，原版本（
          {versionText(ev.incumbentVersion)}）{num(ev.incumbent)}
          {ev.passed ? ' · 通过' : ' · 未通过'}
        </Text>
      ) : null}
      {m.lastChange ? (
        <Text className="admin-line admin-muted">
          最近变更：{m.lastChange.kind === 'rollback' ? '回滚' : '评估通过后上线'}，
          {versionText(m.lastChange.from)} → {versionText(m.lastChange.to)}（
          {shortTime(Date.parse(m.lastChange.at))}）
        </Text>
      ) : null}
      <Text className="admin-line admin-muted qx-model-refit">
        上次重新训练：
        {m.lastRefit
          ? `${STATUS[m.lastRefit.status] ?? m.lastRefit.status}（${shortTime(m.lastRefit.createdAt)}）${m.lastRefit.error ? `：${m.lastRefit.error.message}` : ''}`
          : '暂无'}
      </Text>
      {m.versions.length ? (
        <View className="qx-model-versions">
          {m.versions.map((v) => (
            <Text key={v.version} className="admin-line admin-muted">
              {v.version} · {STATUS[v.status] ?? v.status}
              {v.loadFailures.length ? ` · 加载失败 ${v.loadFailures.length} 次` : ''}
            </Text>
          ))}
        </View>
      ) : null}
      <View className="admin-btns">
        {m.rollbackTargets.map((to) => (
          <View
            key={to}
            className="admin-btn admin-btn-ghost qx-model-rollback"
            onClick={() => !busy && void act('回滚', () => adminApi.modelRollback(m.model, to))}
          >
            {busy === '回滚' ? '处理中…' : `回滚到 ${versionText(to)}`}
          </View>
        ))}
        <View
          className="admin-btn qx-model-refit-btn"
          onClick={() => !busy && void act('已提交重新训练', () => adminApi.modelRefit(m.model))}
        >
          {busy === '已提交重新训练' ? '提交中…' : '重新训练'}
        </View>
      </View>
    </Card>
  );
}

function Body() {
  const [models, setModels] = useState<ModelCard[] | null>(null);
  const [error, setError] = useState('');
  const load = () => void adminApi.models().then(setModels, (e: Error) => setError(e.message));
  useEffect(load, []);
  if (error) return <Card>加载失败：{error}</Card>;
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
