/** How the 模型 page names a version's or a refit run's status (pure, tested without Taro). */
import { shortTime } from './format';
import { NO_VALUE_MODEL } from './no-value-model';

/**
 * The value model's back-test metric (RMSE) as staff read it: 均方根误差 — an English abbreviation
 * meant nothing on the page.
 */
export const RMSE_NAME = '均方根误差';
/** The metric with which way is better, as the cards put it in brackets. */
export const RMSE_LABEL = `${RMSE_NAME}，越低越好`;

/** Status words of versions (model-store/types.ts) and refit runs (jobs). */
export const STATUS_TEXT: Record<string, string> = {
  uploading: '上传中',
  candidate: '待评估',
  serving: '使用中',
  rejected: '未通过',
  // A candidate whose refit stopped before the guard judged it; retention deleted its files.
  abandoned: '未评估，文件已清理',
  retired: '已停用',
  running: '进行中',
  succeeded: '已完成',
  failed: '失败',
};

/**
 * A version's status as staff read it. A publish that died leaves its version `uploading` until
 * the daily retention pass deletes it; past the time a publish can take (the server says so:
 * `stalledUpload`), 上传中 would promise an upload that is not coming.
 */
export function versionStatusText(v: { status: string; stalledUpload?: boolean }): string {
  if (v.status === 'uploading' && v.stalledUpload) return '上传未完成（将自动清理）';
  return STATUS_TEXT[v.status] ?? v.status;
}

const pct1 = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Metrics that are shares of reviews judged right: shown as percentages, as the refit line shows them. */
const PERCENT_METRICS = new Set(['balanced_accuracy', 'accuracy']);

/**
 * A held-out figure as the 模型 card shows it, one format per metric: accuracies as 50.6% (the card
 * said 「新版本 1.00，原版本 0.506」 above 「本店版 100.0%，原版本 50.6%」 for the same two numbers), the
 * rest to three decimals (RMSE 1.345 read 1.35 there but 1.345 on 价值 and the refit line).
 */
export function metricText(metric: string, x: number): string {
  return PERCENT_METRICS.has(metric) ? pct1(x) : x.toFixed(3);
}

type Judged = { metric: string; candidate: number; incumbent: number; heldOut: number; incumbentVersion: string };

/**
 * The back-test figures of a value refit, under its 训练结果 sentence: the sentence alone said
 * 回测未胜过当前版本 without the numbers it lost by (sentiment shows its own). Read from the
 * version the refit made, as the model store judged it; null when that record is not listed.
 */
export function valueRefitFigures(
  result: { version?: string } | null | undefined,
  versions: ReadonlyArray<{ version: string; evaluation?: Judged | null }>,
): string | null {
  const e = result?.version ? versions.find((v) => v.version === result.version)?.evaluation : null;
  if (!e || e.metric !== 'rmse') return null;
  // With nothing serving, the refit was judged against no prediction (zero purchases each).
  const against = e.incumbentVersion === 'shipped' ? '不预测' : `当前版本 ${e.incumbentVersion}`;
  return (
    `回测 ${e.heldOut} 位买家（${RMSE_LABEL}）：新版本 ${result!.version} ${e.candidate.toFixed(3)}，` +
    `${against} ${e.incumbent.toFixed(3)}`
  );
}

/**
 * Fewest held-back reviews of a class for the card to compare the two versions' figures. The
 * guard judges with 5 of each (sentiment-adapt/adapt.ts); but with 5 negatives one misread review
 * moves balanced accuracy by 10 points, and 「100.0% vs 100.0%」 on so few says nothing to a
 * merchant. From 20 on, one review moves it by at most 2.5 points.
 */
export const MIN_CLASS_TO_COMPARE = 20;

/** A sentiment refit's held-back comparison as recorded (class counts since session 15). */
export interface SentimentGuard {
  base: number;
  adapted: number;
  heldOut: number;
  negatives?: number;
  positives?: number;
}

/**
 * The figures line under a sentiment refit's 训练结果: both versions' balanced accuracy on the
 * held-back reviews — unless they cannot tell the versions apart: too few reviews of a class
 * (样本太少, no figures), or the same score (both read every review right, or equally well).
 */
export function sentimentRefitFigures(r: { rated?: number; guard?: SentimentGuard } | null | undefined): string | null {
  const g = r?.guard;
  if (!g) return null;
  const head = `已评分评价 ${r?.rated ?? '—'} 条，留出 ${g.heldOut} 条评估`;
  if (g.negatives !== undefined && g.positives !== undefined) {
    const few = Math.min(g.negatives, g.positives);
    if (few < MIN_CLASS_TO_COMPARE) {
      const which = g.negatives <= g.positives ? '差评' : '好评';
      return `${head}，其中${which}只有 ${few} 条：样本太少，两个版本的准确率不作比较`;
    }
  }
  if (pct1(g.adapted) === pct1(g.base)) {
    return g.base >= 0.9995
      ? `${head}：本店版和原版本都全部判对，分不出高下`
      : `${head}：本店版和原版本成绩相同（平衡准确率都是 ${pct1(g.base)}），分不出高下`;
  }
  return `${head}（平衡准确率）：本店版 ${pct1(g.adapted)}，原版本 ${pct1(g.base)}`;
}

/**
 * 当前使用 on the 模型 page. The shipped model is named with its version, as 概览 names it
 * (「默认模型 · 1.2.0」): the page said only 「随函数发布的默认模型」, so staff could not tell which
 * version served, nor match it with 概览.
 */
export function servingLine(m: { model: string; serving: { source: string; version: string; shippedVersion?: string | null } }): string {
  if (m.serving.source === 'shop') return `本店数据训练 · ${m.serving.version}`;
  // The value model ships none: nothing serves until the shop's first version passes its back-test.
  if (m.model === 'value') return NO_VALUE_MODEL;
  const v = m.serving.shippedVersion;
  return v ? `随函数发布的默认模型 · ${v}` : '随函数发布的默认模型';
}

/**
 * The refit timer's last answer on a model card: its reason and when it asked, the time set off
 * by a space as every time on the admin pages is (it read 「（12-07 06:25检查）」).
 */
export function scheduleText(s: { reason: string; at: number }): string {
  return `自动训练：${s.reason}（${shortTime(s.at)} 检查）`;
}
