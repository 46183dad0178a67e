/**
 * 客户价值: what the value model predicts for the shop — expected 90-day revenue in total and by
 * model segment, how expected spend is distributed over customers, and how many high-value
 * customers are at high risk of leaving, day by day. Says which model version serves and which
 * one scored the figures (they differ until the next scoring pass after a refit or rollback).
 * Customers who never bought get first-purchase predictions (the visitor part): one line apart
 * from the buyers' figures, and their own trend. A young shop's version says what it predicts with
 * less, and why (历史数据不足…).
 */
import { Text, View } from '@tarojs/components';
import { useCallback, useMemo } from 'react';
import { layoutBars } from '../charts/bar-chart';
import { CanvasChart } from '../charts/canvas-chart';
import { layoutLines, legend, onePointNote, type LineInput } from '../charts/line-chart';
import { AdminShell, Card, Stat } from '../components/admin-shell';
import { LoadFailed, useLoad } from '../components/load-failed';
import { adminApi, type ValueOverview } from '../services/admin-api';
import { shortTime } from '../services/format';
import { noValueModelText } from '../services/no-value-model';
import { RMSE_LABEL } from '../services/model-view';
import { lastRefitText } from '../services/value-refit-view';
import { markLegend, VERSION_MARK_COLOR, type VersionMark } from '../services/version-marks';
import {
  AT_RISK_LINE_NAMES,
  atRiskLines,
  atRiskMarks,
  atRiskTargetingText,
  backtestWindowText,
  blendText,
  highValueNote,
  monthDay,
  noVisitorPredictionText,
  segmentLabel,
  scoredNoOne,
  segmentYuan,
  spendBinLabels,
  summaryStats,
  visitorCheckText as checkText,
  type VisitorCheckView,
  youngShopLines,
  yuan,
} from '../services/value-view';

/** When the daily trends get their next point (the value model scores once a day). */
const VALUE_TREND_NEXT = '价值模型每天打分一次，之后每天增加一个点';
const PASS_STATUS: Record<string, string> = { running: '打分中', succeeded: '已完成', failed: '失败' };

function ModelLine({ d }: { d: ValueOverview }) {
  const s = d.serving;
  const scored = d.latest?.version ?? null;
  return (
    <>
      <Text className="admin-line qx-value-serving">
        当前模型：
        {s
          ? `${s.version}（训练数据 ${s.dataWindow.from} 至 ${s.dataWindow.to}，${s.dataWindow.n} 位买家）`
          : noValueModelText(d.lastRefit?.status)}
      </Text>
      {lastRefitText(d.lastRefit) ? (
        <Text className="admin-line admin-muted qx-value-last-refit">{lastRefitText(d.lastRefit)}</Text>
      ) : null}
      {s?.evaluation ? (
        <Text className="admin-line admin-muted">
          回测（{backtestWindowText(s.guard)}，{s.evaluation.heldOut} 位买家，{RMSE_LABEL}）：本版本 {s.evaluation.candidate.toFixed(3)}
          ，
          {s.evaluation.incumbentVersion === 'shipped' ? '不预测' : `原版本 ${s.evaluation.incumbentVersion}`}{' '}
          {s.evaluation.incumbent.toFixed(3)}
        </Text>
      ) : null}
      {s?.guard && s.young?.buyers !== 'bgnbd' ? <Text className="admin-line admin-muted qx-value-blend">{blendText(s.guard, s.level)}</Text> : null}
      {youngShopLines(s?.young).map((line) => (
        <Text key={line} className="admin-line admin-muted qx-value-young">
          {line}
        </Text>
      ))}
      {d.pass ? (
        <Text className="admin-line admin-muted qx-value-pass">
          最近打分：{PASS_STATUS[d.pass.status] ?? d.pass.status}（
          {shortTime(d.pass.finishedAt ?? d.pass.createdAt)}）
          {scored && scored !== s?.version ? ` · 下列数字来自版本 ${scored}，新版本打分后更新` : ''}
        </Text>
      ) : null}
    </>
  );
}

/** Customers who never bought: how many have a first-purchase prediction, and what it adds up to. */
function VisitorLine({
  snap,
  check,
  young,
}: {
  snap: NonNullable<ValueOverview['latest']>;
  check?: VisitorCheckView;
  young?: NonNullable<ValueOverview['serving']>['young'];
}) {
  const v = snap.visitors;
  return (
    <>
      <Text className="admin-line qx-value-visitors">
        {v
          ? `尚未购买的访客：${v.customers} 位有首购预测，预计 90 天内首次购买约 ${v.purchases90d.toFixed(1)} 次，带来消费 ${yuan(v.expected90dFen)}（不计入上方买家数字）`
          : noVisitorPredictionText(young)}
      </Text>
      {v && check ? <Text className="admin-line admin-muted qx-value-visitor-check">{checkText(check)}</Text> : null}
    </>
  );
}


/**
 * A card with a daily line chart (the at-risk and the visitors' trends); `marks`: the days the
 * scoring version changed, a dashed line each and a legend entry.
 */
function TrendCard(p: {
  title: string;
  className: string;
  note: string;
  label: string;
  days: string[];
  series: LineInput['series'];
  marks: VersionMark[];
  after?: string | null;
}) {
  const layout = useCallback(
    (w: number, h: number) =>
      layoutLines({
        width: w,
        height: h,
        xLabels: p.days,
        series: p.series,
        markers: p.marks.map((m) => ({ index: m.index, color: VERSION_MARK_COLOR })),
      }),
    [p.days, p.series, p.marks],
  );
  return (
    <Card title={p.title} className={p.className}>
      <Text className="admin-muted">{p.note}</Text>
      <CanvasChart label={p.label} height={200} layout={layout} legend={[...legend(p.series), ...markLegend(p.marks)]} />
      {p.after ? <Text className="admin-muted qx-trend-after">{p.after}</Text> : null}
      {onePointNote(p.days.length, VALUE_TREND_NEXT) ? (
        <Text className="admin-muted qx-trend-one">{onePointNote(p.days.length, VALUE_TREND_NEXT)}</Text>
      ) : null}
    </Card>
  );
}

function Body() {
  const { data: d, error, reload } = useLoad<ValueOverview>(() => adminApi.valueOverview());
  // A day whose pass predicted nothing (rolled back to 不预测) is no snapshot to show: its ¥0 and
  // 0 人 would read as figures. The page says 暂无预测 instead, as before the first pass.
  const snap = d?.latest && !scoredNoOne(d.latest) ? d.latest : null;
  const hist = useCallback(
    (w: number, h: number) =>
      snap
        ? layoutBars({
            width: w,
            height: h,
            labels: spendBinLabels(snap.spendHistogram.edgesFen),
            series: [{ name: '客户数', values: snap.spendHistogram.counts }],
            showValues: true,
            unit: '人',
          })
        : [],
    [snap],
  );
  const bySegment = useCallback(
    (w: number, h: number) =>
      snap
        ? layoutBars({
            width: w,
            height: h,
            labels: snap.bySegment.map(segmentLabel),
            series: [
              {
                name: '预测 90 天消费（元）',
                values: segmentYuan(snap.bySegment),
              },
            ],
            showValues: true,
          })
        : [],
    [snap],
  );
  const series = useMemo(
    () =>
      d
        ? {
            days: d.trend.map((t) => monthDay(t.day)),
            marks: atRiskMarks(d.trend),
            atRisk: [
              { name: AT_RISK_LINE_NAMES.atRisk, values: atRiskLines(d.trend).atRisk, color: '#e4393c' },
              { name: AT_RISK_LINE_NAMES.highValue, values: atRiskLines(d.trend).highValue, color: '#999999' },
            ],
            // Customers who never bought: how many had a first-purchase prediction each day, and how many first purchases.
            visitors: [
              { name: '有首购预测的访客', values: d.trend.map((t) => t.visitors ?? null), color: '#1677ff' },
              {
                name: '预计 90 天首购（次）',
                values: d.trend.map((t) => t.visitorPurchases90d ?? null),
                color: '#52c41a',
              },
            ],
          }
        : null,
    [d],
  );
  if (error) return <LoadFailed message={error} onRetry={reload} />;
  if (!d) return <Card>加载中…</Card>;
  return (
    <View className="qx-value">
      <Card title="客户价值预测" className="admin-wide qx-value-summary">
        <ModelLine d={d} />
        {snap ? (
          <View className="admin-stats">
            {summaryStats(snap).map((x) => (
              <Stat key={x.label} {...x} />
            ))}
          </View>
        ) : (
          <Text className="admin-muted">暂无预测：模型上线并完成一次打分后显示</Text>
        )}
        {snap ? <VisitorLine snap={snap} check={d.serving?.visitorCheck} young={d.serving?.young} /> : null}
      </Card>
      {snap ? (
        <>
          <Card title="预测 90 天消费分布（元，每档起点）" className="qx-value-hist">
            <CanvasChart label="预测 90 天消费分布" height={200} layout={hist} />
          </Card>
          <Card title="各分群预测 90 天总消费（元）" className="qx-value-segments">
            <CanvasChart label="各分群预测 90 天消费" height={200} layout={bySegment} />
          </Card>
          {series ? (
            <TrendCard
              title={`${AT_RISK_LINE_NAMES.highValue}：流失预警`}
              className="admin-wide qx-value-trend"
              note={`${highValueNote(snap)}；流失风险由价值模型每天评估`}
              label="历史消费高的买家流失趋势"
              days={series.days}
              series={series.atRisk}
              marks={series.marks}
              after={atRiskTargetingText(snap)}
            />
          ) : null}
          {series && d.trend.some((t) => t.visitors !== null && t.visitors !== undefined) ? (
            <TrendCard
              title="尚未购买的访客：首购预测趋势"
              className="admin-wide qx-value-visitor-trend"
              note="每天打分时有首购预测的访客数，以及预计他们 90 天内首次购买的次数（不计入买家数字）"
              label="访客首购预测趋势"
              days={series.days}
              series={series.visitors}
              marks={series.marks}
            />
          ) : null}
        </>
      ) : null}
    </View>
  );
}

export default function ValuePage() {
  return (
    <AdminShell current="value">
      <Body />
    </AdminShell>
  );
}
