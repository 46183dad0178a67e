/** 概览: headline figures, model versions, last segmentation and drift warnings. */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { AdminShell, Card, Stat } from '../components/admin-shell';
import { adminApi, type Overview } from '../services/admin-api';
import { pct, shortTime } from '../services/format';

function Body() {
  const [o, setO] = useState<Overview | null>(null);
  const [error, setError] = useState('');
  useEffect(() => void adminApi.overview().then(setO, (e: Error) => setError(e.message)), []);
  if (error) return <Card>加载失败：{error}</Card>;
  if (!o) return <Card>加载中…</Card>;
  return (
    <View className="admin-overview">
      <Card title="客户">
        <View className="admin-stats">
          <Stat label="客户数" value={o.customers} />
          <Stat label="已同意采集" value={pct(o.consentedShare)} hint={`${o.consented} 人`} />
          <Stat label="关闭个性化推送" value={o.personalizationOff} />
          <Stat label="今日事件" value={o.eventsToday} />
          <Stat label="活动总数" value={o.campaigns.total} />
          <Stat label="进行中活动" value={o.campaigns.running} />
        </View>
      </Card>
      <Card title="模型">
        <View className="admin-row">
          <Text>分群模型版本</Text>
          <Text className="admin-muted">{o.models.segmentation ?? '未安装'}</Text>
        </View>
        <View className="admin-row">
          <Text>最近一次分群</Text>
          <Text className="admin-muted">{shortTime(o.lastSegmentationAt)}</Text>
        </View>
        <View className="admin-row">
          <Text>最近分群所用模型</Text>
          <Text className="admin-muted">{o.models.lastRunModel ?? '—'}</Text>
        </View>
      </Card>
      <Card title="分布漂移">
        {o.drift.length === 0 ? (
          <Text className="admin-muted">最近的分群分布稳定（PSI &lt; 0.1）</Text>
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
