/** 概览: headline figures, model versions, last segmentation and drift warnings. */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AdminShell, Card, Stat } from '../components/admin-shell';
import { LoadFailed, useLoad } from '../components/load-failed';
import { adminApi, type Overview, type ServingModel } from '../services/admin-api';
import { shortTime } from '../services/format';
import { NO_VALUE_MODEL } from '../services/no-value-model';
import { customerStats } from '../services/overview-view';

/** Which version serves a model, in the words of the 模型 page. */
function servingText(m: ServingModel): string {
  const since = m.since ? `，${shortTime(Date.parse(m.since))} 上线` : '';
  if (m.source === 'shop') return `本店数据训练 · ${m.version}${since}`;
  if (m.source === 'shipped') return `默认模型 · ${m.version}${since}`;
  return NO_VALUE_MODEL;
}

function Body() {
  const { data: o, error, reload } = useLoad<Overview>(() => adminApi.overview());
  if (error) return <LoadFailed message={error} onRetry={reload} />;
  if (!o) return <Card>加载中…</Card>;
  return (
    <View className="admin-overview">
      <Card title="客户">
        <View className="admin-stats">
          {customerStats(o).map((x) => (
            <Stat key={x.label} {...x} />
          ))}
        </View>
      </Card>
      <Card title="模型" className="qx-overview-models">
        {o.models.serving.map((m) => (
          <View key={m.model} className={`admin-row qx-overview-model-${m.model}`}>
            <Text className="admin-row-label">{m.label}</Text>
            <Text className="admin-muted admin-row-value">{servingText(m)}</Text>
          </View>
        ))}
        <View className="admin-row">
          <Text>最近一次分群</Text>
          <Text className="admin-muted">{shortTime(o.lastSegmentationAt)}</Text>
        </View>
        {o.segmentRefit ? (
          <Text className="admin-line admin-warn qx-overview-segment-refit">
            最近一次分群重新训练（{shortTime(o.segmentRefit.at)}）{o.segmentRefit.status === 'rejected' ? '未上线' : '未完成'}：{o.segmentRefit.summary}
          </Text>
        ) : null}
        {o.models.lastRunModel && o.models.lastRunModel !== o.models.segmentation ? (
          <Text className="admin-line admin-muted qx-overview-reassign">
            最近一次分群仍用 {o.models.lastRunModel}；新分群模型 {o.models.segmentation} 已上线，下次定时分群（每 10 分钟）会用它重新归类全部客户
          </Text>
        ) : null}
        <Text className="admin-link" onClick={() => void Taro.redirectTo({ url: '/admin/models/index' })}>
          查看各模型的评估与训练记录 ›
        </Text>
      </Card>
      <Card title="分布漂移">
        {o.drift.length === 0 ? (
          <Text className="admin-muted">最近的分群分布稳定（各分群人数占比与上次相比变化很小，分布变化指数 &lt; 0.1）</Text>
        ) : null}
        {o.drift.map((d) => (
          <Text key={d.at} className="admin-warn">
            {shortTime(d.at)} {d.message}
          </Text>
        ))}
      </Card>
    </View>
  );
}

export default function OverviewPage() {
  return (
    <AdminShell current="overview">
      <Body />
    </AdminShell>
  );
}
