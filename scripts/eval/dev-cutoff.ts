/**
 * What the dev-split runners (clv-own-rate-dev.ts, clv-short-guard-dev.ts, clv-older-dev.ts,
 * clv-horizon-dev.ts) share for one cut-off: the customers it scores, their history up to it and
 * their hold-out counts, and the per-model tables they print (figures as means over seeds,
 * calibration rows by repeat purchase days), with the SUMMARY line and pooled Δ of the last two.
 */
import { historyUpTo, purchaseDaysBetween, rfmAt, type RfmSummary } from '../../cloudfunctions/common/value/history';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { countMetrics, type CountMetrics } from '../../cloudfunctions/common/value/metrics';
import { idHalf, type IdHalf } from './id-half';
import { pooledInterval, type CutoffErrors } from './pooled-bootstrap';

/** Calibration rows: x = 0…6, 7–19, ≥ 20 (the classic split's 31 heaviest buyers are the last). */
export const ROWS = ['0', '1', '2', '3', '4', '5', '6', '7–19', '≥ 20'];
const rowOf = (x: number) => (x < 7 ? x : x < 20 ? 7 : 8);

/** One cut-off's customers: the fit sees `seen`; figures are of the judged ones (`pick`). */
export interface DevCutoff {
  /** index into the file's customers of each customer bought by the cut-off */
  index: number[];
  seen: CustomerHistory[];
  /** (x, t_x, T) of every seen customer at the cut-off */
  rfm: RfmSummary[];
  /** keeps the judged customers' entries (all, or one half with `--half`) */
  pick: <T>(v: readonly T[]) => T[];
  /** judged customers' repeat purchase days and hold-out purchase days */
  x: number[];
  actual: number[];
}

/** The customers of the cut-off `end` with a hold-out to `holdoutEnd`. */
export function devCutoff(all: readonly CustomerHistory[], ids: readonly string[], end: number, holdoutEnd: number, half: IdHalf | undefined): DevCutoff {
  const index = all.flatMap((c, i) => (c.purchases.days[0] <= end ? [i] : []));
  const seen = index.map((i) => ({ purchases: historyUpTo(all[i].purchases, end) }));
  const judged = index.map((i) => !half || idHalf(ids[i]) === half);
  const pick = <T>(v: readonly T[]) => v.filter((_, k) => judged[k]);
  const rfm = seen.map((c) => rfmAt(c.purchases, end));
  return { index, seen, rfm, pick, x: pick(rfm.map((r) => r.x)), actual: pick(index.map((i) => purchaseDaysBetween(all[i].purchases, end, holdoutEnd))) };
}

/** Per-model figures of one cut-off over seeds; `bgnbd` is pushed once, the others once per seed. */
export class DevScores<M extends string> {
  readonly metrics = new Map<M, CountMetrics[]>();
  /** per model, each push's squared errors per judged customer */
  readonly errors = new Map<M, Float64Array[]>();
  private readonly table: Map<M, number[]>;

  constructor(private readonly models: readonly M[], private readonly cut: DevCutoff) {
    this.table = new Map(models.map((m) => [m, new Array<number>(ROWS.length).fill(0)]));
  }

  /** Scores one prediction per seen customer. */
  push(model: M, pred: readonly number[]): void {
    const { x, actual } = this.cut;
    const p = this.cut.pick(pred);
    this.metrics.set(model, [...(this.metrics.get(model) ?? []), countMetrics(p, actual)]);
    const t = this.table.get(model)!;
    p.forEach((v, r) => (t[rowOf(x[r])] += v));
    this.errors.set(model, [...(this.errors.get(model) ?? []), Float64Array.from(p, (v, i) => (v - actual[i]) ** 2)]);
  }

  /** Prints the figures beside BG/NBD's and the calibration rows, after the heading line. */
  print(heading: string, seeds: number): void {
    const { x, actual } = this.cut;
    const bgm = this.metrics.get('bgnbd' as M)![0];
    console.log(`\n${heading}`);
    console.log('| model | RMSE | ÷ BG/NBD | AUC | − BG/NBD | aggregate % |\n|---|---|---|---|---|---|');
    for (const [k, ms] of this.metrics) {
      const avg = (f: keyof CountMetrics) => ms.reduce((t, m) => t + m[f], 0) / ms.length;
      console.log(`| ${k} | ${avg('rmse').toFixed(4)} | ${(avg('rmse') / bgm.rmse).toFixed(4)} | ${avg('auc_buys_again').toFixed(4)} | ${(avg('auc_buys_again') - bgm.auc_buys_again).toFixed(4)} | ${avg('aggregate_error_pct').toFixed(1)} |`);
    }
    const n = ROWS.map((_, r) => x.filter((e) => rowOf(e) === r).length);
    const act = ROWS.map((_, r) => actual.reduce((t, y, k) => (rowOf(x[k]) === r ? t + y : t), 0));
    console.log(`\n| x | customers | actual | ${this.models.join(' | ')} |\n|---|---|---|${this.models.map(() => '---|').join('')}`);
    ROWS.forEach((label, r) => {
      const cells = this.models.map((m) => (this.table.get(m)![r] / (m === 'bgnbd' ? 1 : seeds) / n[r]).toFixed(3));
      console.log(`| ${label} | ${n[r]} | ${(act[r] / n[r]).toFixed(3)} | ${cells.join(' | ')} |`);
    });
  }

  /** {@link print}, then a `SUMMARY` JSON line: each model's mean RMSE ÷ BG/NBD, AUC − BG/NBD and aggregate %. */
  report(heading: string, seeds: number): void {
    this.print(heading, seeds);
    const bgm = this.metrics.get('bgnbd' as M)![0];
    const summary = Object.fromEntries(
      [...this.metrics].map(([m, ms]) => {
        const avg = (f: 'rmse' | 'auc_buys_again' | 'aggregate_error_pct') => ms.reduce((t, x) => t + x[f], 0) / ms.length;
        return [m, { ratio: +(avg('rmse') / bgm.rmse).toFixed(5), auc: +(avg('auc_buys_again') - bgm.auc_buys_again).toFixed(5), agg: +avg('aggregate_error_pct').toFixed(2) }];
      }),
    );
    console.log(`SUMMARY ${JSON.stringify({ split: heading, ...summary })}`);
  }

  /** This cut-off's squared errors of `variant` beside `bgnbd`'s and `shipped`'s, for {@link printPooled}. */
  pooledErrors(variant: M): CutoffErrors {
    return { customer: this.cut.pick(this.cut.index), bgnbd: this.errors.get('bgnbd' as M)![0], shipped: this.errors.get('shipped' as M)!, variant: this.errors.get(variant)! };
  }
}

/** Each variant's pooled Δ against shipped over `over` (e.g. "3 cut-off(s) × 3 seed(s)"), 95 % bootstrap over customers (2,000, seed 17). */
export function printPooled(pooled: ReadonlyMap<string, CutoffErrors[]>, customers: number, over: string): void {
  for (const [v, cuts] of pooled) {
    const iv = pooledInterval(cuts, customers, { resamples: 2000, seed: 17 });
    console.log(`pooled over ${over}: ${v} Δ ${iv.delta.toFixed(5)} [${iv.low.toFixed(5)}, ${iv.high.toFixed(5)}] (95 % bootstrap over customers, 2,000, seed 17)`);
  }
}
