/**
 * 概览's 分布漂移 lines: runs whose segment distribution moved against the run before (PSI).
 * A run right after a new segmentation version went live is not drift: every customer is
 * re-assigned to the new version's segments, so the PSI against the old version's run is large
 * by construction (10.8 on the demo shop's first refit). It used to say 分群分布变化显著，建议复核模型
 * — alarming a merchant about the model the guard had just approved. Such a run says what happened.
 * The same holds for the first run after the non-buyer group arrived (segments/non-buyers.ts): every
 * customer without an order left the buyer segment the model had put them in (`ruleChanged`).
 * Staff read PSI as 分布变化指数 (an English abbreviation means nothing on the page).
 */
import { psiLevel } from '../segments/psi';
import { NON_BUYER_NAME } from '../segments/non-buyers';
import type { Overview } from '../contracts/admin-replies';
import type { RunPoint } from './segment-runs';

/** The last `max` runs (oldest first in `runs`) whose distribution moved, each with its line. */
export function driftNotes(runs: readonly RunPoint[], max = 5): Overview['drift'] {
  const notes: Overview['drift'] = [];
  runs.forEach((r, i) => {
    if (r.psi === null) return;
    const level = psiLevel(r.psi);
    if (level === 'stable') return;
    const before = runs[i - 1];
    const psi = r.psi.toFixed(2);
    const newVersion = before?.modelVersion && r.modelVersion && before.modelVersion !== r.modelVersion;
    const message = r.ruleChanged
      ? `分群规则调整：还没有在本店下过单的客户单独成组「${NON_BUYER_NAME}」，不再归入买家分群，全部客户按新规则重新归类（分布变化指数 ${psi}）：分布变化来自规则调整，不是客户行为的变化，无需处理`
      : newVersion
        ? `分群模型换为新版本 ${r.modelVersion}，全部客户按新分群重新归类（分布变化指数 ${psi}）：分布变化来自换版本，不是客户行为的变化，无需处理`
        : level === 'large'
          ? `分群分布变化显著（分布变化指数 ${psi}），建议复核模型`
          : `分群分布有一定变化（分布变化指数 ${psi}）`;
    notes.push({ at: r.at, psi: r.psi, level, message });
  });
  return notes.slice(-max);
}
