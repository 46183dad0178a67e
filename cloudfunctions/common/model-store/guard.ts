/**
 * The guard: a candidate ships only if it beats the incumbent on held-back data, by the model's
 * rule. Pure, so eval commands (e.g. `eval:sentiment --adapt`) and the product decide the same way.
 */
import type { Evaluation, JudgedEvaluation } from './types';

/** How a model's metric is compared (supplied by the model's code). */
export interface GuardRule {
  /** true for accuracy/AUC, false for RMSE/loss. */
  higherIsBetter: boolean;
  /** The candidate must beat the incumbent by at least this much (absolute, default 0: strictly better). */
  minGain?: number;
  /** Fewer held-out examples than this cannot show anything (default 1). */
  minHeldOut?: number;
}

/** The guard's verdict on `e` under `rule`. */
export function judge(e: Evaluation, rule: GuardRule): JudgedEvaluation {
  const minHeldOut = rule.minHeldOut ?? 1;
  if (e.heldOut < minHeldOut)
    return { ...e, passed: false, reason: `held-out set too small (${e.heldOut} < ${minHeldOut})` };
  const under = (e.floors ?? []).filter((f) => !(f.value >= f.min));
  if (under.length)
    return { ...e, passed: false, reason: under.map((f) => `${f.name} ${Number(f.value.toPrecision(4))} below the floor ${f.min}`).join('; ') };
  const gain = rule.higherIsBetter ? e.candidate - e.incumbent : e.incumbent - e.candidate;
  const minGain = rule.minGain ?? 0;
  const passed = minGain > 0 ? gain >= minGain : gain > 0;
  const fmt = (x: number) => Number(x.toPrecision(4));
  const reason = passed
    ? `${e.metric} ${fmt(e.candidate)} beats ${fmt(e.incumbent)} of ${e.incumbentVersion} on ${e.heldOut} held-out`
    : `${e.metric} ${fmt(e.candidate)} does not beat ${fmt(e.incumbent)} of ${e.incumbentVersion}` +
      (minGain > 0 ? ` by ${minGain}` : '') +
      ` on ${e.heldOut} held-out`;
  return { ...e, passed, reason };
}
