/**
 * The segmentation refit's outcome in one Chinese paragraph for the admin 模型 card: what was
 * decided, why in words a merchant can follow, and what (if anything) to do. The guard's own
 * `reason` is an English audit line (kept on the version document); staff never see it raw.
 */
import type { JudgedEvaluation } from '../model-store/types';
import { SHIPPED } from '../model-store/types';
import { MIN_HELD_OUT, MIN_SILHOUETTE_GAIN, STABILITY_FLOOR } from './config';

/** What the summary needs from the published candidate and the guard's verdict. */
export interface SegmentRefitOutcome {
  version: string;
  k: number;
  customers: number;
  promoted: boolean;
  /** The version serving after the guard (the candidate when promoted). */
  serving: string;
  evaluation: JudgedEvaluation;
}

const name = (v: string) => (v === SHIPPED ? '默认分群模型' : `版本 ${v}`);
const f3 = (x: number) => x.toFixed(3);
const AUTO = '系统每周、或分群分布明显变化时会自动再训练一次';

/** Why a candidate did not ship, and what to do, in plain Chinese. */
function refusal(o: SegmentRefitOutcome): string {
  const e = o.evaluation;
  const keep = `继续使用${name(o.serving)}，现有分群照常可用`;
  if (e.incumbentVersion !== o.serving)
    return `训练期间上线了${name(o.serving)}，本次比较的对象是${name(e.incumbentVersion)}，结果已过时，未上线；${keep}。需要时再点「重新训练」即可。`;
  if (e.heldOut < MIN_HELD_OUT)
    return `用于检验的客户只有 ${e.heldOut} 位（至少需要 ${MIN_HELD_OUT} 位才能公平比较新旧分群），未上线；${keep}。客户更多后再重新训练。`;
  const unstable = (e.floors ?? []).find((x) => x.name === 'stability_ari' && !(x.value >= x.min));
  if (unstable)
    return (
      `新分群不够稳定：每次只用八成客户重新训练，分出的群彼此只有 ${Math.round(unstable.value * 100)}% 一致` +
      `（要求至少 ${Math.round(STABILITY_FLOOR * 100)}%），上线后客户会因少量新数据在分群之间来回变动，所以未上线；${keep}。` +
      `这通常是因为客户或购买记录还不够多、差别还不够明显，不需要处理；等新增客户和订单积累后再点「重新训练」，${AUTO}。`
    );
  return (
    `新分群没有比现在的更清晰：在留出的 ${e.heldOut} 位客户上，新版本的分群清晰度（轮廓系数，越高越好）为 ${f3(e.candidate)}，` +
    `当前为 ${f3(e.incumbent)}，需至少高出 ${MIN_SILHOUETTE_GAIN}。换版本会让客户换群、已建的活动目标跟着变，收益不够时不换；` +
    `所以未上线，${keep}，不需要处理。本店客户或消费明显变化后再重新训练，${AUTO}。`
  );
}

/** The sentence the refit run's result carries (`result.summary`). */
export function segmentRefitSummary(o: SegmentRefitOutcome): string {
  if (o.promoted)
    return `新分群版本 ${o.version} 已上线（${o.k} 个分群，${o.customers} 位客户；留出客户轮廓系数 ${f3(o.evaluation.candidate)}，原版本 ${f3(o.evaluation.incumbent)}）`;
  return `新分群版本 ${o.version} 未上线。${refusal(o)}`;
}
