/**
 * eval:clv's `served` line: which model the figures come from, in words. The `learned` line counts
 * the trees fitted at the end, but the guard may not read them: a back-test whose own fit had no
 * trees (a young shop's, or early stopping kept none) ships scale · BG/NBD whatever the end has
 * (value-serving/backtest.ts shippedBlend, `untested`), so a run with
 * 61 trees and one with 56 can print the same figures (session 21, models/value/report.md "Mostly
 * one-time buyers"). This line says so, from the fitted model alone.
 */
import type { ValueModel } from '../../cloudfunctions/common/value/model';

const f3 = (x: number) => x.toFixed(3);
/** `1 tree`, `40 trees`: a count the line prints (it printed `exp(1 trees)`). */
const treesText = (n: number): string => `${n} ${n === 1 ? 'tree' : 'trees'}`;
/** What exp() is taken of: the one tree's output, or the sum of the trees' outputs. */
const treeSum = (n: number): string => (n === 1 ? treesText(1) : `sum of ${treesText(n)}`);

/** What predicts before any last-season mix: the blend, the level, the learned model. */
function buyersForm(m: ValueModel, trees: number): string {
  const b = m.blend;
  if (!b) {
    const level = m.level ? ` × hybrid level ${f3(m.level.factor)}` : '';
    const why =
      m.learned.trainingHorizonDays < m.horizonDays
        ? `trained on ${m.learned.trainingHorizonDays}-day windows at BG/NBD's level`
        : 'no back-test like the fit judged it';
    return `the learned model alone, BG/NBD × exp(${treeSum(trees)})${level} (${why})`;
  }
  const scale = b.scale === 1 ? '' : `${f3(b.scale)} × `;
  if (b.weight === 0) {
    const why = !b.untested
      ? 'the back-test chose BG/NBD'
      : b.stopped
        ? "the back-test's fit kept no trees, only a level: BG/NBD ships"
        : "the back-test's fit had no trees to judge";
    const unread = trees === 0 ? 'no trees fitted at the end' : `the ${treesText(trees)} fitted at the end ${trees === 1 ? 'is' : 'are'} not read`;
    return `${scale}BG/NBD alone: ${unread} (${why})`;
  }
  if (b.weight === 1) return `${scale}the learned model, BG/NBD × exp(${treeSum(trees)})`;
  return b.space === 'log'
    ? `${scale}BG/NBD × exp(${b.weight} × ${treeSum(trees)})`
    : `${scale}(${b.weight} × learned + ${1 - b.weight} × BG/NBD), ${treesText(trees)}`;
}

/** One line naming what `model` predicts with (the first seed's model in eval:clv). */
export function servedForm(model: ValueModel): string {
  const s = model.season;
  const season = s
    ? `; mixed with last season's ${treesText(s.learned.gbt.trees.length)} (weight ${s.weight}, scale ${s.scale.toFixed(4)})`
    : '';
  return `served (seed 1): ${buyersForm(model, model.learned.gbt.trees.length)}${season}`;
}
