/** Pure helpers of the 客户价值 page (labels and units), tested without Taro. */
import type {
  ValueGuardView,
  ValueOverview,
  ValueSnapshot,
  YoungShop,
} from '../../../../cloudfunctions/common/contracts/value-replies';
import { segmentDisplayName } from '../../../../cloudfunctions/common/segments/display-name';
import type { StatFigure } from './format';
import { versionMarks, type VersionMark } from './version-marks';

/** Fen → `¥1,234` (whole yuan; `¥0.5` below one yuan). */
export function yuan(fen: number): string {
  const y = fen / 100;
  return y > 0 && y < 1 ? `¥${y.toFixed(1)}` : `¥${Math.round(y).toLocaleString('en-US')}`;
}

const short = (fen: number) => {
  const y = fen / 100;
  return y >= 10_000 ? `${y / 10_000}万` : y >= 1000 ? `${y / 1000}千` : String(y);
};

/** Histogram bin labels: each bin's lower edge in yuan (ten fit on a phone): `0`, `10`, …, `5千+`. */
export function spendBinLabels(edgesFen: number[]): string[] {
  return edgesFen.map((e, k) => (k === edgesFen.length - 1 ? `${short(e)}+` : short(e)));
}

/** Segment label for the revenue chart: the snapshot carries the members' stored name (segments/display-name.ts). */
export const segmentLabel = (s: ValueSnapshot['bySegment'][number]): string =>
  segmentDisplayName(s.segment, { stored: s.segment === 'none' ? null : s.name });

/**
 * Each segment's expected 90-day spend in whole yuan, adding up to the total the summary shows
 * (`yuan(expected90dFen)`, the sum of the segments' fen): rounding each bar on its own gave
 * 3582 + 3506 + 2913 + 847 + 357 = 11,205 under 「预测 90 天总消费 ¥11,206」 on the demo shop.
 * Largest remainders: every bar is its amount rounded down or up, and the ups go to the largest
 * fractions, so no bar is off by a yuan or more.
 */
export function segmentYuan(bySegment: ReadonlyArray<Pick<ValueSnapshot['bySegment'][number], 'spend90dFen'>>): number[] {
  const exact = bySegment.map((s) => s.spend90dFen / 100);
  const down = exact.map(Math.floor);
  let left = Math.round(exact.reduce((t, y) => t + y, 0)) - down.reduce((t, y) => t + y, 0);
  const byFraction = exact.map((y, i) => i).sort((a, b) => exact[b] - down[b] - (exact[a] - down[a]) || a - b);
  for (const i of byFraction) {
    if (left <= 0) break;
    down[i]++;
    left--;
  }
  return down;
}

/**
 * A daily snapshot that predicts nothing: its pass ran with no version serving (rolled back to
 * 不预测), cleared the predictions and counted no one (value-serving/score-job.ts).
 */
export const scoredNoOne = (s: { version: string | null }): boolean => s.version === null;

/**
 * What the value page calls a buyer in the top band of PAST spend (value-serving/snapshot.ts: the
 * last 365 days, at least a fifth of buyers). It said 高价值, which beside 「预测 90 天消费」 could
 * as well mean a high PREDICTED spend; every label of that count now says which it is.
 */
export const PAST_HIGH = '历史消费高';

/** The at-risk trend's two line names (legend). */
export const AT_RISK_LINE_NAMES = { atRisk: `${PAST_HIGH}且流失风险高`, highValue: `${PAST_HIGH}的买家` } as const;

/**
 * The at-risk trend's two lines, with a gap on a day whose pass predicted nothing: a 0 there read
 * as 「no high-value customer at risk that day」 when no one had been judged at all.
 */
export function atRiskLines(trend: ValueOverview['trend']): { atRisk: Array<number | null>; highValue: Array<number | null> } {
  return {
    atRisk: trend.map((t) => (scoredNoOne(t) ? null : t.atRiskHighValue)),
    highValue: trend.map((t) => (scoredNoOne(t) ? null : t.highValue)),
  };
}

/**
 * The days the at-risk trend's scoring version changed (value_snapshots.version: the version that
 * scored that day; null: none served, 不预测): a refit's or a rollback's jump is marked on the chart.
 */
export const atRiskMarks = (trend: ValueOverview['trend']): VersionMark[] =>
  versionMarks(trend.map((t) => ({ label: monthDay(t.day), version: t.version })));

/** `12-04` from `2026-12-04`. */
export const monthDay = (day: string): string => day.slice(5);

const FRACTION: Record<number, string> = { 0.25: '¼', 0.5: '½', 0.75: '¾' };

/** The back-test's window for the 回测 line (versions before the guard: the last 90 days). */
export function backtestWindowText(g: ValueGuardView | undefined): string {
  if (!g) return '最近 90 天';
  return `${g.from} 之后至 ${g.to}${g.seasonal ? '，去年同季' : ''}`;
}

/**
 * What staff call BG/NBD: 经典复购模型. The page is read by a shop's operators, not statisticians;
 * the model's name stays once per line, in brackets, where the classic model is what predicts (a
 * developer reading the page can still tell which model that is). Only one of `blendText` and
 * `youngShopLines` is shown at a time (value/index.tsx), so the page names it once.
 */
export const CLASSIC_MODEL = '经典复购模型';
const CLASSIC_GLOSSED = `${CLASSIC_MODEL}（BG/NBD）`;

/**
 * What the version predicts with: the learned model, the classic model (BG/NBD), or a blend chosen
 * on the back-test (common/value/blend.ts), the same-season scale when there is one and what the
 * same-season back-test's total decided (`sameSeasonText`), a short history's total from the two
 * classic models, Pareto/NBD and BG/NBD, together (`level`, common/value/hybrid-level.ts), and last
 * season's trees mixed in on top when the version has them (common/value/season-ensemble.ts).
 */
export function blendText(g: ValueGuardView, level?: { factor: number }): string {
  const text = blendOnlyText(g, level);
  if (!g.season) return text;
  const w = FRACTION[g.season.weight] ?? String(g.season.weight);
  return `${text}；另用去年同季数据训练的第二个学习模型，与上面的预测按 ${w} 的权重综合（总量与上面一致）`;
}

function blendOnlyText(g: ValueGuardView, level?: { factor: number }): string {
  if (!g.likeTheFit) {
    // The hybrid level names both classic models once; without it, the one the blend would have used.
    const total = level
      ? `，总量按两种${CLASSIC_MODEL}（BG/NBD、Pareto/NBD）综合校准，乘以 ${level.factor.toFixed(2)}`
      : '';
    return `预测方式：学习模型${total}；历史不足，回测与上线模型的训练方式不同，未据此与${level ? CLASSIC_MODEL : CLASSIC_GLOSSED}混合`;
  }
  const same = sameSeasonText(g);
  return `预测方式：${blendMethod(g)}${same ? `；${same}` : ''}`;
}

function blendMethod(g: ValueGuardView): string {
  const scale = g.scale !== 1 ? `，再按去年同季的总量乘以 ${g.scale.toFixed(2)}` : '';
  if (g.untested && g.stopped)
    return `${CLASSIC_GLOSSED}${scale}（回测时学习模型只学到一个总体水平、没有学到客户间的差异，这样的水平多是随机波动，学习模型不上线）`;
  if (g.untested) return `${CLASSIC_GLOSSED}${scale}（回测时的数据还不够训练学习模型，未经回测的学习模型不上线）`;
  if (g.weight === 1) return `学习模型${scale}（回测中单用它不比与${CLASSIC_MODEL}混合差）`;
  if (g.weight === 0) return `${CLASSIC_GLOSSED}${scale}（回测中学习模型未胜过它）`;
  const w = FRACTION[g.weight] ?? String(g.weight);
  const mix =
    g.space === 'log'
      ? `${CLASSIC_GLOSSED}加学习模型的修正，修正按 ${w} 的力度计入`
      : `学习模型占 ${w}、${CLASSIC_GLOSSED}占其余的加权平均`;
  return `${mix}（按回测选定）${scale}`;
}

/**
 * What the same-season back-test's total decided (common/value/blend.ts): the version is scaled to
 * last year's season only when the miss stands out of that back-test's noise and scaling does not
 * make the back-test worse. Empty without one.
 */
export function sameSeasonText(g: ValueGuardView): string {
  const l = g.sameSeason;
  if (!l || !g.likeTheFit) return '';
  const band = `±${Math.round(l.band * 100)}%`;
  const ratio = `去年同季回测：实际购买总量为预测的 ${l.ratio.toFixed(2)} 倍`;
  if (l.verdict === 'noise') return `${ratio}，在该回测的随机波动之内（${band}），不据此校准总量`;
  if (l.verdict === 'rmse') return `${ratio}，超出随机波动（${band}），但按此校准会使回测误差变大，未校准总量`;
  return `${ratio}，超出该回测的随机波动（${band}），已按此校准总量`;
}

/**
 * What a young shop's version predicts with less, and why, in a merchant's words (the 客户价值
 * summary shows each line under the model line). Empty when the version left nothing out.
 */
export function youngShopLines(y: YoungShop | undefined): string[] {
  if (!y) return [];
  if (y.buyers === 'bgnbd')
    return [
      `历史数据不足：购买历史 ${y.historyDays} 天，可训练样本 ${y.rows} 条（其中有复购 ${y.positives} 条），需至少 ${y.need.rows} 条且有复购 ${y.need.positives} 条；先用${CLASSIC_GLOSSED}预测买家，数据够了自动改用学习模型`,
    ];
  if (y.dropped.includes('behaviour') && y.trackingDays !== null)
    return [
      `行为数据只有 ${y.trackingDays} 天，不足 ${y.need.trackingDays} 天：先只用购买记录预测买家，暂不用浏览、加购等行为`,
    ];
  return [];
}

/**
 * What happens next for visitors, and what staff can do meanwhile: the value model refits every
 * day on its own, and rule segments reach visitors by spend and behaviour without a prediction
 * (「购买阶段」 needs one: a customer without a prediction has no stage).
 */
const visitorsMeanwhile = (horizonDays: number) =>
  `。访客来店满 ${horizonDays} 天后才能当作训练样本；价值模型每天自动重新训练，样本够了就开始预测，无需操作。在此之前可在「自定义分群」用「近一年消费」为 0 加「近30天浏览」「近30天加购」条件圈选他们`;

/** Why customers who never bought have no first-purchase prediction (the 客户价值 visitors line). */
export function noVisitorPredictionText(y: YoungShop | undefined): string {
  if (y?.visitors === 'too_recent' && y.trackingDays !== null)
    return `尚未购买的访客：行为数据只有 ${y.trackingDays} 天，不足 ${y.need.visitorTrackingDays} 天，训练期内还没有访客样本，暂不预测首购${visitorsMeanwhile(y.trainingHorizonDays)}`;
  if (y?.visitors === 'few_rows')
    return `尚未购买的访客：训练期内的访客样本只有 ${y.visitorRows ?? 0} 条（需至少 ${y.need.visitorRows} 条：训练截止日前来过、当时还没买过的客户），暂不预测首购${visitorsMeanwhile(y.trainingHorizonDays)}`;
  return '尚未购买的访客：暂无首购预测（训练期内没有浏览、加购等行为数据，或模型版本较旧）';
}

/**
 * The summary figures with their units: 「1117 人」, not a bare 1117 beside 「¥11,206」, and the
 * 中/低 risk counts in people too.
 */
export function summaryStats(snap: Pick<ValueSnapshot, 'expected90dFen' | 'buyers' | 'risk' | 'atRiskHighValue' | 'highValue'>): StatFigure[] {
  return [
    { label: '预测 90 天总消费', value: yuan(snap.expected90dFen) },
    { label: '有预测的买家', value: `${snap.buyers} 人` },
    { label: '流失风险高', value: `${snap.risk.high} 人`, hint: `中 ${snap.risk.medium} 人 · 低 ${snap.risk.low} 人` },
    { label: `${PAST_HIGH}且流失风险高`, value: `${snap.atRiskHighValue} 人`, hint: `${PAST_HIGH}共 ${snap.highValue.count} 人` },
  ];
}

/** Fen → `¥69.39` to the fen (`¥70` when whole): a threshold said with 「不少于」 must not be rounded. */
export function yuanExact(fen: number): string {
  const y = fen / 100;
  return `¥${y.toLocaleString('en-US', Number.isInteger(y) ? {} : { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The share of buyers the snapshot aims at for 历史消费高 (value-serving/snapshot.ts HIGH_VALUE_SHARE), in words. */
export const HIGH_VALUE_SHARE_WORDS = '两成';

/**
 * What 高价值 means on the at-risk card, true whatever the threshold lands on. The snapshot walks
 * down bands of past spend (each ×1.25 wide) until the top fifth of buyers is covered and takes
 * that band's lower edge (value-serving/snapshot.ts), so the share is at least a fifth and often
 * more: 260 of 1117 (23 %) on the demo shop, where the card said 「约前 20% 的买家」. It now says
 * the share it got, and why it is not exactly a fifth.
 */
export function highValueNote(snap: Pick<ValueSnapshot, 'buyers' | 'highValue'>): string {
  const { buyers, highValue: h } = snap;
  if (buyers === 0) return `${PAST_HIGH}：暂无有预测的买家`;
  // The walk reached the lowest band (under ¥1): fewer than a fifth spent ¥1 or more in the year.
  if (h.thresholdFen === 0)
    return `${PAST_HIGH}：近 365 天消费满 ¥1 的买家不到${HIGH_VALUE_SHARE_WORDS}，全部 ${h.count} 位有预测的买家都计入`;
  const pct = Math.round((h.count * 100) / buyers);
  return `${PAST_HIGH}：近 365 天消费不少于 ${yuanExact(h.thresholdFen)} 的买家，共 ${h.count} 人，是有预测的 ${buyers} 位买家中的 ${pct}%（门槛按消费分档选定，使其至少占${HIGH_VALUE_SHARE_WORDS}）`;
}

/**
 * How staff reach the at-risk count's customers: the rule segment that takes the same buyers —
 * 近一年消费 (monetary_365d, the same 365 days as the snapshot's past spend) at or above the
 * threshold, and 流失风险 高. Null when the threshold took every buyer (no spend bound to give).
 */
export function atRiskTargetingText(snap: Pick<ValueSnapshot, 'buyers' | 'highValue'>): string | null {
  if (snap.buyers === 0 || snap.highValue.thresholdFen === 0) return null;
  return `要给他们发消息：在「自定义分群」添加条件「近一年消费」下限 ${snap.highValue.thresholdFen / 100} 元、「流失风险」选 高（只含同意授权且未关闭个性化推送的客户）`;
}

/** The visitor part's back-test, as the page gets it. */
export type VisitorCheckView = NonNullable<NonNullable<ValueOverview['serving']>['visitorCheck']>;

/**
 * How the visitors' predictions are made, in a merchant's words; the back-test's AUC is 区分度
 * with what chance would score (an English abbreviation meant nothing on the page).
 */
export function visitorCheckText(c: VisitorCheckView): string {
  if (c.serve === 'trees')
    return `首购预测依据浏览、加购等行为（回测：${c.heldOut} 位访客中 ${c.buyers} 位首购，区分度 ${(c.auc ?? 0).toFixed(2)}（随机猜为 0.5），优于店铺平均首购率）`;
  return `首购预测按店铺平均首购率估计（${c.why === 'not_better_than_constant' ? '行为模型回测未优于平均值' : '首购样本太少，不足以按行为区分'}）`;
}
