/** A campaign's results: deliveries (WeChat's sent events), sends, failures by code, opens, conversions, uplift ± 95% CI. */
import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import { layoutBars } from '../charts/bar-chart';
import { CanvasChart } from '../charts/canvas-chart';
import { Stat } from '../components/admin-shell';
import type { CampaignResultsView } from '../services/admin-api';
import { DELIVERY_TEXT, ERROR_TEXT, pct } from '../services/format';
import { conversionBars, upliftText } from './uplift-text';

export function ResultsCard({ r }: { r: CampaignResultsView }) {
  const u = r.uplift;
  const rates = useCallback(
    (w: number, h: number) =>
      layoutBars({ width: w, height: h, ...conversionBars(u) }),
    [r],
  );
  return (
    <View className="admin-results">
      <View className="admin-stats">
        <Stat label="已送达" value={r.delivered} hint={`已发送 ${r.sent}${r.deliveryPending ? ` · 待回执 ${r.deliveryPending}` : ''}`} />
        <Stat label="打开" value={r.opens} hint={pct(r.openRate)} />
        <Stat label="对照组" value={r.holdout} />
        <Stat
          label="发送组转化"
          value={r.conversions.treatment}
          hint={`${r.conversions.windowHours} 小时内购买`}
        />
        <Stat label="对照组转化" value={r.conversions.holdout} />
        {/* Outbox rows whose grant was gone by the time of sending; customers who never subscribed are not
            counted here (the editor's 预计可发送 and 立即发送's answer count them). */}
        <Stat label="发送时授权已用完" value={r.skippedNoGrant} hint="未订阅的客户不在此列" />
        {r.optedOut ? <Stat label="发送前客户关闭了推送" value={r.optedOut} hint="撤回同意或关闭个性化推送，未发送" /> : null}
      </View>
      <Text className="admin-label qx-uplift">{upliftText(r)}</Text>
      {Object.keys(r.failedByCode).length ? (
        <View>
          {Object.entries(r.failedByCode).map(([code, n]) => (
            <Text key={code} className="admin-warn">
              失败 {n} 条 · 错误码 {code}（{ERROR_TEXT[code] ?? '其他错误'}）
            </Text>
          ))}
        </View>
      ) : null}
      {Object.entries(r.undeliveredByCode ?? {}).map(([code, n]) => (
        <Text key={`u${code}`} className="admin-warn">
          未送达 {n} 条 · 微信回执 {code}（{DELIVERY_TEXT[code] ?? '其他原因'}）
        </Text>
      ))}
      {r.unknown ? <Text className="admin-warn">{r.unknown} 条发送中断、结果未知（不会重发）</Text> : null}
      {u.treatmentRate !== null && u.controlRate !== null ? (
        <CanvasChart label="转化率对比" height={150} layout={rates} />
      ) : null}
    </View>
  );
}
