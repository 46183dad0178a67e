/**
 * How sure an AUC difference is on a small sample: a paired bootstrap over customers. Both scores
 * are resampled with the same customers, so what moves is only who happens to be in the sample.
 */
import { auc } from '../../cloudfunctions/common/value/metrics';
import { mulberry32 } from '../../cloudfunctions/common/random';

/** Mean and the central 95 % of the bootstrap distribution of AUC(a) − AUC(b). */
export interface AucDifference {
  difference: number;
  lo: number;
  hi: number;
  /** share of resamples in which a ranked worse than b */
  worse: number;
}

/**
 * Paired bootstrap of AUC(a) − AUC(b) against `label`. Each score set may hold several runs
 * (seeds): their AUCs are averaged inside every resample, so the interval is that of the
 * reported mean. Resamples without both classes are drawn again.
 */
export function aucDifference(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  label: readonly boolean[],
  resamples = 1000,
  seed = 1,
): AucDifference {
  const n = label.length;
  const rand = mulberry32(seed);
  const meanAuc = (runs: readonly (readonly number[])[], idx: readonly number[], l: boolean[]) =>
    runs.reduce(
      (s, r) =>
        s +
        auc(
          idx.map((i) => r[i]),
          l,
        ),
      0,
    ) / runs.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const difference = meanAuc(a, all, [...label]) - meanAuc(b, all, [...label]);
  const ds: number[] = [];
  while (ds.length < resamples) {
    const idx = Array.from({ length: n }, () => Math.floor(rand() * n));
    const l = idx.map((i) => label[i]);
    if (l.every(Boolean) || !l.some(Boolean)) continue;
    ds.push(meanAuc(a, idx, l) - meanAuc(b, idx, l));
  }
  ds.sort((x, y) => x - y);
  const at = (q: number) => ds[Math.min(ds.length - 1, Math.floor(q * ds.length))];
  return { difference, lo: at(0.025), hi: at(0.975), worse: ds.filter((d) => d < 0).length / ds.length };
}
