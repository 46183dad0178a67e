/** A campaign's results: deliveries (WeChat's sent events), sends, failures by code, opens, conversions, uplift ± 95% CI. */
import { Text, View } from '@tarojs/components';
import { useCallback } from 'react';
import { layoutBars } from '../charts/bar-chart';
import { CanvasChart } from '../charts/canvas-chart';
import { Stat } from '../components/admin-shell';
import type { CampaignResultsView } from '../services/admin-api';
import { DELIVERY_TEXT, ERROR_TEXT } from '../services/format';
import { resultStats } from './result-stats';
import { conversionBars, upliftText } from './uplift-text';

/** `holdoutPct`: the campaign's 对照组 share, so an empty control group is told apart from none set. */
export function ResultsCard({ r, holdoutPct }: { r: CampaignResultsView; holdoutPct: number }) {
  const u = r.uplift;
  const rates = useCallback(
    (w: number, h: number) =>
      layoutBars({ width: w, height: h, ...conversionBars(u) }),
    [r],
  );
  return (
    <View className="admin-results">
      <View className="admin-stats">
        {resultStats(r).map((x) => (
          <Stat key={x.label} {...x} />
        ))}
      </View>
      <Text className="admin-label qx-uplift">{upliftText(r, holdoutPct)}</Text>
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
