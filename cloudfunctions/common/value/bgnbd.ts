/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): purchases follow a
 * Poisson process with a gamma(r, α)-distributed rate while the customer is alive; after each
 * purchase the customer drops out with a beta(a, b)-distributed probability. Fitted by maximum
 * likelihood on (x, t_x, T) in weeks; the likelihood (FHL eq. 6) needs no hypergeometric
 * function, the conditional expectation (eq. 10) does and is evaluated through its Euler
 * transform so the series stays short for customers with many purchases.
 */
import type { RfmSummary } from './history';
import { nelderMeadAdvance, nelderMeadResult, nelderMeadStart, type NelderMeadState } from './nelder-mead';
import { hyp2f1, lnGamma, logAddExp } from './special';

/** Fitted BG/NBD parameters (time unit: weeks). */
export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A fit: parameters, the maximised log-likelihood and the number of customers. */
export interface BgnbdFit extends BgnbdParams {
  logLikelihood: number;
  customers: number;
  /** likelihood evaluations the optimiser used */
  evaluations: number;
}

/** Terms of the log-likelihood that depend on x only (shared by all customers with that x). */
function xTerms(p: BgnbdParams, x: number): number {
  const { r, alpha, a, b } = p;
  return (
    lnGamma(r + x) -
    lnGamma(r) +
    r * Math.log(alpha) +
    lnGamma(a + b) +
    lnGamma(b + x) -
    lnGamma(b) -
    lnGamma(a + b + x)
  );
}

/** Log-likelihood of one customer (FHL 2005, eq. 6). */
export function bgnbdLogLikelihood(p: BgnbdParams, c: RfmSummary): number {
  return xTerms(p, c.x) + tail(p, c);
}

function tail(p: BgnbdParams, c: RfmSummary): number {
  const { r, alpha, a, b } = p;
  const l3 = -(r + c.x) * Math.log(alpha + c.T);
  if (c.x === 0) return l3;
  return logAddExp(l3, Math.log(a) - Math.log(b + c.x - 1) - (r + c.x) * Math.log(alpha + c.tx));
}

/** Sum of the log-likelihood over customers. */
export function bgnbdTotalLogLikelihood(p: BgnbdParams, cs: readonly RfmSummary[]): number {
  const byX = new Map<number, number>();
  let s = 0;
  for (const c of cs) {
    let t = byX.get(c.x);
    if (t === undefined) byX.set(c.x, (t = xTerms(p, c.x)));
    s += t + tail(p, c);
  }
  return s;
}

/** Thrown when there is nothing to fit (no customers). */
export class ValueFitError extends Error {
  override name = 'ValueFitError';
}

/** Customers with equal (x, t_x, T) folded into one row with a weight: the fit loops over rows. */
export interface Folded {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** distinct x values and, per row, the index of its x */
  xs: number[];
  xi: Int32Array;
}

/** Folds customers with equal (x, t_x, T) (Pareto/NBD's fit folds the same way). */
export function fold(cs: readonly RfmSummary[]): Folded {
  const rows = new Map<string, [RfmSummary, number]>();
  for (const c of cs) {
    const k = `${c.x},${c.tx},${c.T}`;
    const e = rows.get(k);
    if (e) e[1]++;
    else rows.set(k, [c, 1]);
  }
  const n = rows.size;
  const f: Folded = {
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    w: new Float64Array(n),
    xs: [],
    xi: new Int32Array(n),
  };
  const xIndex = new Map<number, number>();
  let i = 0;
  for (const [c, w] of rows.values()) {
    f.x[i] = c.x;
    f.tx[i] = c.tx;
    f.T[i] = c.T;
    f.w[i] = w;
    let j = xIndex.get(c.x);
    if (j === undefined) xIndex.set(c.x, (j = f.xs.push(c.x) - 1));
    f.xi[i] = j;
    i++;
  }
  return f;
}

function foldedLogLikelihood(p: BgnbdParams, f: Folded): number {
  const terms = f.xs.map((x) => xTerms(p, x));
  const { r, alpha, a, b } = p;
  const la = Math.log(a);
  let s = 0;
  for (let i = 0; i < f.w.length; i++) {
    const x = f.x[i];
    const l3 = -(r + x) * Math.log(alpha + f.T[i]);
    const t = x === 0 ? l3 : logAddExp(l3, la - Math.log(b + x - 1) - (r + x) * Math.log(alpha + f.tx[i]));
    s += f.w[i] * (terms[f.xi[i]] + t);
  }
  return s;
}

/** The optimiser's settings of both baselines' fits. */
const FIT_OPTIONS = { step: 0.5, tolerance: 1e-10, maxEvaluations: 2000 } as const;

/** A fitted baseline: its parameters, the maximised log-likelihood, customers and evaluations. */
export type FoldedFit<P> = P & { logLikelihood: number; customers: number; evaluations: number };

/**
 * A maximum-likelihood fit as a resumable minimisation (nelder-mead.ts): `start`, then `advance`
 * until the state is done (it may stop whenever `stop()` says so, and go on later from the state,
 * e.g. in the next refit call), then `result`. {@link fitFolded} runs it without stopping.
 */
export interface SteppedMle<P> {
  start(): NelderMeadState;
  advance(s: NelderMeadState, stop?: () => boolean): NelderMeadState;
  result(s: NelderMeadState): FoldedFit<P>;
}

/**
 * Maximum likelihood over the logs of four positive parameters, on customers folded by equal
 * (x, t_x, T), by Nelder–Mead from `start(scale)`, scale = ln(mean T ÷ (1 + mean x)) (a first
 * guess of the purchase-rate scale α). A tiny ridge on the logs keeps the optimum finite on
 * degenerate histories (e.g. nobody ever bought twice), and is far below the likelihood's own
 * curvature on real data. BG/NBD and Pareto/NBD are both fitted through here, so alike.
 */
export function foldedMle<P extends object>(
  cs: readonly RfmSummary[],
  model: string,
  fromLogs: (v: number[]) => P,
  logLikelihood: (p: P, f: Folded) => number,
  start: (scale: number) => number[],
): SteppedMle<P> {
  if (cs.length === 0) throw new ValueFitError(`${model}: no customers to fit`);
  const meanT = cs.reduce((s, c) => s + c.T, 0) / cs.length;
  const meanX = cs.reduce((s, c) => s + c.x, 0) / cs.length;
  const folded = fold(cs);
  const ridge = 1e-6 * cs.length;
  const f = (v: number[]) => -logLikelihood(fromLogs(v), folded) + ridge * v.reduce((s, u) => s + u * u, 0);
  const x0 = start(Math.log(Math.max(0.1, meanT / (1 + meanX))));
  return {
    start: () => nelderMeadStart(f, x0, FIT_OPTIONS),
    advance: (s, stop) => nelderMeadAdvance(f, s, FIT_OPTIONS, stop),
    result: (s) => {
      const res = nelderMeadResult(s);
      const p = fromLogs(res.x);
      return { ...p, logLikelihood: logLikelihood(p, folded), customers: cs.length, evaluations: res.evaluations };
    },
  };
}

/** {@link foldedMle} in one go. */
export function fitFolded<P extends object>(
  cs: readonly RfmSummary[],
  model: string,
  fromLogs: (v: number[]) => P,
  logLikelihood: (p: P, f: Folded) => number,
  start: (scale: number) => number[],
): FoldedFit<P> {
  const mle = foldedMle(cs, model, fromLogs, logLikelihood, start);
  return mle.result(mle.advance(mle.start()));
}

/** Maximum-likelihood fit, optimising log r, log α, log a, log b ({@link fitFolded}). */
export function fitBgnbd(cs: readonly RfmSummary[]): BgnbdFit {
  const toP = (v: number[]): BgnbdParams => ({
    r: Math.exp(v[0]),
    alpha: Math.exp(v[1]),
    a: Math.exp(v[2]),
    b: Math.exp(v[3]),
  });
  return fitFolded(cs, 'BG/NBD', toP, foldedLogLikelihood, (scale) => [0, scale, 0, 0]);
}

/** P(alive | x, t_x, T) (FHL 2005, eq. 11). */
export function bgnbdPAlive(p: BgnbdParams, c: RfmSummary): number {
  if (c.x === 0) return 1;
  const { r, alpha, a, b } = p;
  const ratio = Math.exp((r + c.x) * Math.log((alpha + c.T) / (alpha + c.tx)));
  return 1 / (1 + (a / (b + c.x - 1)) * ratio);
}

/**
 * ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z), z = t/(α+T+t). Its Euler transform
 * (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z) has upper parameters that do not grow with x, so it
 * suits heavy buyers; the direct series suits large a and b (dropout nearly constant, as small
 * shops' fits can give). Each series grows about like the product of its upper parameters over
 * the lower one: take the tamer.
 */
function survivalFactor(p: BgnbdParams, a: number, x: number, T: number, t: number): number {
  const { r, alpha, b } = p;
  const oneMinusZ = (alpha + T) / (alpha + T + t);
  const z = t / (alpha + T + t);
  const c = a + b + x - 1;
  const euler = (Math.abs(a + b - 1 - r) * Math.abs(a - 1)) / c;
  const direct = ((r + x) * (b + x)) / c;
  if (euler <= direct) return Math.pow(oneMinusZ, a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z);
  return Math.exp((r + x) * Math.log(oneMinusZ)) * hyp2f1(r + x, b + x, c, z);
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t weeks (FHL 2005, eq. 10). */
export function bgnbdExpected(p: BgnbdParams, c: RfmSummary, t: number): number {
  const { r, alpha, b } = p;
  // eq. 10 has a removable singularity at a = 1; step off it.
  const a = Math.abs(p.a - 1) < 1e-7 ? 1 + 1e-7 : p.a;
  const num = ((a + b + c.x - 1) / (a - 1)) * (1 - survivalFactor(p, a, c.x, c.T, t));
  if (c.x === 0) return num;
  const ratio = Math.exp((r + c.x) * Math.log((alpha + c.T) / (alpha + c.tx)));
  return num / (1 + (a / (b + c.x - 1)) * ratio);
}

/** E[X(t)]: expected purchases in (0, t] for a customer just acquired (FHL 2005, eq. 9). */
export function bgnbdExpectedNew(p: BgnbdParams, t: number): number {
  const a = Math.abs(p.a - 1) < 1e-7 ? 1 + 1e-7 : p.a;
  // eq. 9 is eq. 10's numerator at x = 0, T = 0: (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t)).
  return ((a + p.b - 1) / (a - 1)) * (1 - survivalFactor(p, a, 0, 0, t));
}
