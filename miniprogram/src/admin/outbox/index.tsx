/** 发送记录: every claim and send attempt, newest first (customers masked). */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { AdminShell, Card } from '../components/admin-shell';
import { LoadFailed, useLoad } from '../components/load-failed';
import { adminApi, type OutboxRow } from '../services/admin-api';
import { DELIVERY_TEXT, ERROR_TEXT, shortTime, STATUS_TEXT } from '../services/format';
import { outboxEmptyText, outboxTitle } from '../services/outbox-view';

const deliveryText = (code: number | null): string =>
  code === null ? ' · 待回执' : code === 0 ? ' · 已送达' : ` · 未送达 ${code}（${DELIVERY_TEXT[String(code)] ?? '其他'}）`;

function Body() {
  const { params } = useRouter();
  const { data: rows, error, reload } = useLoad<OutboxRow[]>(() => adminApi.outboxList(params.campaignId), [params.campaignId]);
  const [counts, setCounts] = useState<{ total: number; sent: number } | null>(null);
  useEffect(() => {
    // Every entry's count for the title (the list holds the newest 200); without it the title says so.
    const one = params.campaignId ? { campaignId: params.campaignId } : {};
    adminApi.listCount({ list: 'outbox', ...one }).then(
      (c) => setCounts({ total: c.total, sent: c.sent ?? 0 }),
      () => setCounts(null),
    );
  }, [params.campaignId]);
  if (error) return <LoadFailed message={error} onRetry={reload} />;
  if (!rows) return <Card>加载中…</Card>;
  const sent = rows.filter((r) => r.status === 'sent').length;
  // Staff know a campaign by its name; its id only when no row carries the name.
  const campaign = params.campaignId ? (rows.find((r) => r.campaignName)?.campaignName ?? params.campaignId) : null;
  return (
    <Card
      title={outboxTitle(campaign, rows.length, sent, counts)}
      className="admin-outbox"
    >
      <View className="admin-table-row admin-muted">
        <Text className="admin-cell">客户</Text>
        <Text className="admin-cell">活动</Text>
        <Text className="admin-cell">结果</Text>
        <Text className="admin-cell">尝试次数</Text>
        <Text className="admin-cell">时间</Text>
      </View>
      {rows.length === 0 ? <Text className="admin-muted qx-outbox-empty">{outboxEmptyText(Boolean(params.campaignId))}</Text> : null}
      {rows.map((r) => (
        <View key={r.id} className={`admin-table-row qx-outbox-row qx-outbox-${r.status}`}>
          <Text className="admin-cell">{r.customer}</Text>
          <Text className="admin-cell qx-outbox-campaign">{r.campaignName ?? r.campaignId}</Text>
          <Text className="admin-cell">
            {STATUS_TEXT[r.status] ?? r.status}
            {r.errorCode !== null ? ` ${r.errorCode}（${ERROR_TEXT[String(r.errorCode)] ?? '其他'}）` : ''}
            {r.status === 'sent' ? deliveryText(r.deliveryCode) : ''}
          </Text>
          <Text className="admin-cell">{r.attempts}</Text>
          <Text className="admin-cell">{shortTime(r.at)}</Text>
        </View>
      ))}
    </Card>
  );
}

export default function OutboxPage() {
  return (
    <AdminShell current="outbox">
      <Body />
    </AdminShell>
  );
}
