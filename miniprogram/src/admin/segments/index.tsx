/** 分群: sizes, the customer map, share trend over runs, each segment's portrait, CSV export of the aggregates. */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { IS_H5 } from '../../platform';
import { layoutBars } from '../charts/bar-chart';
import { CanvasChart } from '../charts/canvas-chart';
import { layoutLines, legend, onePointNote } from '../charts/line-chart';
import { AdminShell, Card } from '../components/admin-shell';
import { LoadFailed, useLoad } from '../components/load-failed';
import { adminApi, type SegmentsData, type SegmentStat } from '../services/admin-api';
import { pct, shortTime } from '../services/format';
import { markLegend, VERSION_MARK_COLOR } from '../services/version-marks';
import { modelPortrait, noMeansText, portraitIndex, segmentExplanation, segmentName, shareTrend } from '../services/segment-view';
import { SegmentMapCard } from './segment-map-card';

const BIN_LABELS = ['很负面', '偏负面', '中性', '偏正面', '很正面'];
/** When the share trend gets its next point: each full pass records a run (segment/index.ts PASS_INTERVAL_MS, 6 h). */
const SEGMENT_TREND_NEXT = '全部客户每 6 小时重新分群一次，每次增加一个点';

function Portrait({ data, s }: { data: SegmentsData; s: SegmentStat }) {
  const live = portraitIndex(s, data.population).filter((x) => x.index !== null);
  const fromModel = live.length === 0;
  const known = fromModel ? modelPortrait(data, s.id).filter((x) => x.index !== null) : live;
  const bars = useCallback(
    (w: number, h: number) =>
      layoutBars({
        width: w,
        height: h,
        labels: known.map((x) => x.label),
        series: [
          { name: '本群', values: known.map((x) => x.index as number) },
          { name: '全体=100', values: known.map(() => 100), color: '#cccccc' },
        ],
      }),
    [s.id],
  );
  const senti = useCallback(
    (w: number, h: number) =>
      layoutBars({
        width: w,
        height: h,
        labels: BIN_LABELS,
        series: [{ name: '人数', values: s.sentimentBins }],
        showValues: true,
        unit: '人',
      }),
    [s.id],
  );
  return (
    <Card
      title={`${segmentName(data, s.id)} · ${s.size} 人（${pct(data.population.size ? s.size / data.population.size : null)}）`}
      className="admin-portrait"
    >
      <Text className="admin-muted qx-segment-explain">{segmentExplanation(data, s.id)}</Text>
      {known.length ? (
        <>
          <Text className="admin-label">
            {fromModel ? '模型画像：分群中心相对一般客户（= 100）' : '特征均值（相对全体，全体 = 100）'}
          </Text>
          <CanvasChart
            label={`${segmentName(data, s.id)} 特征画像`}
            height={180}
            layout={bars}
            legend={legend([{ name: '本群' }, { name: '全体 = 100', color: '#cccccc' }])}
          />
        </>
      ) : (
        <Text className="admin-muted">{noMeansText(s.id)}</Text>
      )}
      {s.sentimentBins.some((n) => n > 0) ? (
        <>
          <Text className="admin-label">评价情感分布</Text>
          <CanvasChart label={`${segmentName(data, s.id)} 情感分布`} height={150} layout={senti} />
        </>
      ) : null}
      <Text className="admin-label">常看品类</Text>
      <Text className="admin-muted">
        {s.topCategories.length
          ? s.topCategories.map((c) => `${c.categoryName ?? `品类${c.categoryId}`}（${pct(c.weight, 0)}）`).join('、')
          : '暂无'}
      </Text>
    </Card>
  );
}

function Body() {
  const { data, error, reload } = useLoad<SegmentsData>(() => adminApi.segments());
  const [note, setNote] = useState('');
  const sizes = useCallback(
    (w: number, h: number) =>
      data
        ? layoutBars({
            width: w,
            height: h,
            labels: data.segments.map((s) => segmentName(data, s.id)),
            series: [{ name: '人数', values: data.segments.map((s) => s.size) }],
            showValues: true,
            unit: '人',
          })
        : [],
    [data],
  );
  const trend = data ? shareTrend(data) : null;
  const trendLayout = useCallback(
    (w: number, h: number) =>
      trend
        ? layoutLines({
            width: w,
            height: h,
            xLabels: trend.xLabels,
            series: trend.series,
            yDomain: [0, 1],
            markers: trend.marks.map((m) => ({ index: m.index, color: VERSION_MARK_COLOR })),
          })
        : [],
    [data],
  );
  const exportCsv = async () => {
    const { filename, csv } = await adminApi.segmentsCsv();
    if (IS_H5) {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([`\ufeff${csv}`], { type: 'text/csv;charset=utf-8' }));
      a.download = filename;
      a.click();
      setNote(`已导出 ${filename}`);
    } else {
      await Taro.setClipboardData({ data: csv });
      setNote('CSV 已复制到剪贴板');
    }
  };
  if (error) return <LoadFailed message={error} onRetry={reload} />;
  if (!data) return <Card>加载中…</Card>;
  return (
    <View className="admin-segments">
      <Card title={`分群规模（共 ${data.population.size} 人）`}>
        <Text className="admin-muted">
          统计时间 {shortTime(data.computedAt)}
          {data.cached ? '（快照）' : ''}
        </Text>
        <CanvasChart label="分群规模" height={200} layout={sizes} />
        <View className="admin-btns">
          <View className="admin-btn admin-btn-ghost qx-export-csv" onClick={exportCsv}>
            导出统计 CSV
          </View>
        </View>
        {note ? <Text className="admin-muted">{note}</Text> : null}
      </Card>
      <SegmentMapCard />
      <Card title="分群占比趋势">
        {trend && trend.xLabels.length ? (
          <>
            <CanvasChart
              label="分群占比趋势"
              height={200}
              layout={trendLayout}
              legend={[...legend(trend.series), ...markLegend(trend.marks)]}
            />
            {onePointNote(trend.xLabels.length, SEGMENT_TREND_NEXT) ? (
              <Text className="admin-muted qx-trend-one">{onePointNote(trend.xLabels.length, SEGMENT_TREND_NEXT)}</Text>
            ) : null}
          </>
        ) : (
          <Text className="admin-muted">暂无分群运行记录</Text>
        )}
      </Card>
      {data.segments.map((s) => (
        <Portrait key={s.id} data={data} s={s} />
      ))}
    </View>
  );
}

export default function SegmentsPage() {
  return (
    <AdminShell current="segments">
      <Body />
    </AdminShell>
  );
}
