/**
 * 客户分布图: a sample of customers as anonymous points on the two main axes of the serving
 * segmentation model's feature space, coloured by segment (admin action `segmentMap`). Staff see
 * whether segments are separate groups or neighbouring slices of one cloud.
 */
import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { CanvasChart } from '../charts/canvas-chart';
import { groupColors, layoutScatter } from '../charts/scatter-chart';
import { Card } from '../components/admin-shell';
import { LoadFailed } from '../components/load-failed';
import { adminApi, type SegmentMapReply } from '../services/admin-api';
import { pct, shortTime } from '../services/format';
import { mapLegendName } from '../services/segment-view';

export function SegmentMapCard() {
  const [map, setMap] = useState<SegmentMapReply | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const load = useCallback((refresh = false) => {
    setBusy(true);
    adminApi
      .segmentMap(refresh)
      .then((m) => (setMap(m), setError('')), (e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  }, []);
  useEffect(() => load(), [load]);
  const colors = useMemo(() => groupColors(map?.segments.map((s) => s.id) ?? []), [map]);
  const layout = useCallback(
    (w: number, h: number) =>
      map
        ? layoutScatter({
            width: w,
            height: h,
            points: map.points.map((p) => ({ x: p.x, y: p.y, group: p.segmentId })),
            colors,
            xTitle: `主轴一（解释 ${pct(map.explained[0], 0)} 差异）`,
            yTitle: `主轴二（${pct(map.explained[1], 0)}）`,
            radius: map.points.length > 600 ? 2 : 3,
          })
        : [],
    [map, colors],
  );
  if (error) return <LoadFailed title="客户分布图" message={error} onRetry={() => load()} />;
  if (!map) return <Card title="客户分布图">加载中…</Card>;
  if (!map.points.length)
    return (
      <Card title="客户分布图">
        <Text className="admin-muted">还没有已分群的客户，分群任务运行后即可查看</Text>
      </Card>
    );
  return (
    <Card title="客户分布图" className="qx-segment-map">
      <Text className="admin-muted">
        每个点是一位客户（匿名抽样 {map.points.length} / {map.population} 人），颜色表示所属分群；两点越近，分群模型看来两位客户越相似。
      </Text>
      <CanvasChart
        label="客户分布图"
        height={280}
        layout={layout}
        legend={map.segments.map((s) => ({ name: mapLegendName(s, map.points.length >= map.population), color: colors[s.id] }))}
      />
      <View className="admin-btns">
        <Text className="admin-muted">
          模型 {map.modelVersion} · {map.space === 'latent' ? '模型隐空间' : '标准化特征'}的主成分 · {shortTime(map.computedAt)}
          {map.cached ? '（快照）' : ''}
        </Text>
        <View className="admin-btn admin-btn-ghost qx-map-refresh" onClick={() => !busy && load(true)}>
          {busy ? '计算中…' : '重新计算'}
        </View>
      </View>
    </Card>
  );
}
