/**
 * `clv-ceiling.ts --candidates`: the cheating ceiling with each candidate family of
 * `signal-families.ts` added to the value features, one at a time and all together. Like the
 * ceiling itself, every model here is fitted to the HOLD-OUT (2-fold over customers) and so is not
 * allowed for a real model: a family that cannot raise even this ceiling cannot help the learned
 * model. Three learners, each over three random fold partitions (the figure is their mean, with
 * the paired change against the same learner and partition without the family):
 *  - Poisson trees (the learned model's learner) on the counts, offset BG/NBD;
 *  - a Poisson GLM on log-scale summaries plus the family (asinh of each column, 0 and an
 *    indicator where undefined), offset BG/NBD;
 *  - a "buys again" ranker: Poisson trees on 1[hold-out purchases ≥ 1], offset log P(≥ 1) of a
 *    Poisson with BG/NBD's mean — the AUC ceiling of a dedicated ranking model (AUC only).
 */
import { fitPoissonGbt, gbtMargin, rng } from '../../cloudfunctions/common/value/gbt';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { auc, countMetrics } from '../../cloudfunctions/common/value/metrics';
import { fitPoissonGlm } from './poisson-glm';
import { SIGNAL_FAMILIES, signalRow, type SignalFamily } from './signal-families';

/** The ceiling's rows (value features at the calibration end) and hold-out counts. */
export interface CeilingData {
  customers: readonly CustomerHistory[];
  /** customer index of each row */
  index: readonly number[];
  rows: readonly number[][];
  offsets: readonly number[];
  bgnbd: readonly number[];
  y: readonly number[];
  cut: number;
  /** the ceiling's GLM row of base summaries (starts with the constant 1) */
  glmRow(k: number): number[];
}

const PARTITIONS = 6;
const TREE_MISSING = -999;

interface Scores {
  rmse: number;
  auc: number;
}

/** 2-fold predictions for one partition: `fold(k)` is 0 or 1; `fit(train)` scores every row. */
function twoFold(n: number, fold: (k: number) => number, fit: (train: number[]) => (k: number) => number) {
  const pred = new Array<number>(n).fill(0);
  for (let f = 0; f < 2; f++) {
    const score = fit(Array.from({ length: n }, (_, k) => k).filter((k) => fold(k) !== f));
    for (let k = 0; k < n; k++) if (fold(k) === f) pred[k] = score(k);
  }
  return pred;
}

function fitTrees(x: readonly number[][], target: readonly number[], offsets: readonly number[], seed: number) {
  return (train: number[]) => {
    const cols = x[0].map((_, f) => Float64Array.from(train, (k) => x[k][f]));
    const m = fitPoissonGbt(
      cols,
      train.map((k) => target[k]),
      train.map((k) => offsets[k]),
      { learningRate: 0.05, minLeafHessian: 20, seed },
    );
    return (k: number) => Math.exp(offsets[k] + gbtMargin(m, x[k]));
  };
}

function fitGlm(x: readonly number[][], y: readonly number[], offsets: readonly number[]) {
  return (train: number[]) => {
    const w = fitPoissonGlm(
      train.map((k) => x[k]),
      train.map((k) => y[k]),
      train.map((k) => offsets[k]),
    );
    return (k: number) => Math.exp(offsets[k] + x[k].reduce((s, v, j) => s + v * w[j], 0));
  };
}

/** GLM columns of a family block: asinh of each value, plus a "defined" indicator for columns with gaps. */
function glmBlock(block: readonly number[][]): number[][] {
  const width = block[0]?.length ?? 0;
  const hasMissing = Array.from({ length: width }, (_, j) => block.some((r) => Number.isNaN(r[j])));
  return block.map((r) => [
    ...r.map((v) => (Number.isNaN(v) ? 0 : Math.asinh(v))),
    ...r.flatMap((v, j) => (hasMissing[j] ? [Number.isNaN(v) ? 0 : 1] : [])),
  ]);
}

/** Ceiling of each learner with `extra` columns (one row per data row), per partition. */
function ceilingWith(d: CeilingData, extra: readonly number[][], baseAuc: number, baseRmse: number) {
  const n = d.y.length;
  const treeX = d.rows.map((r, k) => [...r, ...extra[k].map((v) => (Number.isNaN(v) ? TREE_MISSING : v))]);
  const glmExtra = extra[0].length ? glmBlock(extra) : extra.map(() => []);
  const glmX = d.rows.map((_, k) => [...d.glmRow(k), ...glmExtra[k]]);
  const bought = d.y.map((v) => (v > 0 ? 1 : 0));
  const label = d.y.map((v) => v > 0);
  const rankOffsets = d.bgnbd.map((e) => Math.log(Math.max(1 - Math.exp(-e), 1e-6)));
  const out: Record<'trees' | 'glm' | 'ranker', Scores[]> = { trees: [], glm: [], ranker: [] };
  for (let p = 0; p < PARTITIONS; p++) {
    const r = rng(101 + p);
    const folds = Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1));
    const fold = (k: number) => folds[k];
    const rel = (pred: number[]): Scores => {
      const m = countMetrics(pred, d.y as number[]);
      return { rmse: m.rmse / baseRmse, auc: m.auc_buys_again - baseAuc };
    };
    out.trees.push(rel(twoFold(n, fold, fitTrees(treeX, d.y, d.offsets, p + 1))));
    out.glm.push(rel(twoFold(n, fold, fitGlm(glmX, d.y, d.offsets))));
    const rank = twoFold(n, fold, fitTrees(treeX, bought, rankOffsets, p + 1));
    out.ranker.push({ rmse: NaN, auc: auc(rank, label) - baseAuc });
  }
  return out;
}

const avg = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const signed = (v: number, digits: number) => (v >= 0 ? '+' : '−') + Math.abs(v).toFixed(digits);

/** Prints the candidate table (markdown) to stdout; returns nothing the product uses. */
export function printCandidateCeilings(d: CeilingData, baseRmse: number, baseAuc: number, only?: readonly string[]): void {
  let cohortStart = Infinity;
  for (const c of d.customers) cohortStart = Math.min(cohortStart, c.purchases.days[0]);
  const ctx = { cut: d.cut, cohortStart };
  const chosen = SIGNAL_FAMILIES.filter((f) => !only || only.includes(f.name));
  const sets: [string, readonly SignalFamily[]][] = [
    ['current features (no candidate)', []],
    ...chosen.map((f): [string, readonly SignalFamily[]] => [`+ ${f.name} (${f.columns.length})`, [f]]),
  ];
  if (!only) sets.push([`+ all ${chosen.length} families`, chosen]);
  console.log(
    `\nCandidate families — models fitted to the HOLD-OUT (not allowed for a real model), 2-fold over customers, mean of ${PARTITIONS} fold partitions; in brackets the paired change against the same learner without the family [min, max over partitions]`,
  );
  console.log('| features | trees RMSE ÷ BG/NBD | trees AUC − BG/NBD | GLM RMSE ÷ BG/NBD | GLM AUC − BG/NBD | ranker AUC − BG/NBD |');
  console.log('|---|---|---|---|---|---|');
  let base: ReturnType<typeof ceilingWith> | undefined;
  for (const [label, fams] of sets) {
    const started = Date.now();
    const extra = d.index.map((i) => signalRow(d.customers[i].purchases, ctx, fams));
    const res = ceilingWith(d, extra, baseAuc, baseRmse);
    base ??= res;
    const cell = (learner: keyof typeof res, key: keyof Scores, digits: number, ratio: boolean) => {
      const v = res[learner].map((s) => s[key]);
      const main = ratio ? `${avg(v).toFixed(digits)}×` : signed(avg(v), digits);
      if (res === base) return main;
      const diffs = v.map((x, p) => x - base![learner][p][key]);
      return `${main} (${signed(avg(diffs), digits)} [${signed(Math.min(...diffs), digits)}, ${signed(Math.max(...diffs), digits)}])`;
    };
    console.log(
      `| ${label} | ${cell('trees', 'rmse', 4, true)} | ${cell('trees', 'auc', 4, false)} | ${cell('glm', 'rmse', 4, true)} | ${cell('glm', 'auc', 4, false)} | ${cell('ranker', 'auc', 4, false)} |`,
    );
    console.error(`  ${label}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}
