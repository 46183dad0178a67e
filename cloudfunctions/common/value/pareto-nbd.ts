/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987), in the form of Fader & Hardie's note "A Note
 * on Deriving the Pareto/NBD Model and Related Expressions" (2005): purchases follow a Poisson
 * process with a gamma(r, α)-distributed rate while the customer is alive, and the lifetime is
 * exponential with a gamma(s, β)-distributed dropout rate — dropout runs in continuous time, not
 * at purchases as in BG/NBD, so buying often is no extra chance to leave. Fitted by maximum
 * likelihood on (x, t_x, T) in weeks, like BG/NBD.
 *
 * The likelihood's second part (the note's eq. 19 with A₀ from eq. 22/23) is
 *   s/(r+s+x) · [F(t_x) − F(T)],  F(τ) = ₂F₁(r+s+x, b; r+s+x+1; z(τ)) / (max(α,β)+τ)^(r+s+x),
 * b = s+1, z = (α−β)/(α+τ) when α ≥ β, and b = r+x, z = (β−α)/(β+τ) when α < β. Both series are
 * evaluated through their Euler transform ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(1, c−b; c; z): its
 * terms shrink by less than z each, whatever x is, so heavy buyers cost no more than light ones.
 * F(t_x) − F(T) equals (r+s+x) ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ over [t_x, T] (the tests check it
 * against that integral by quadrature).
 *
 * The series needs about ln ε / ln z terms, and z → 1 when one scale dwarfs the other. That
 * happens when the data want one dropout rate for everyone: the fit drifts to large s and β (s/β
 * fixed), with β ≫ α. 3,000 CDNOW histories over the whole file fit s = 168, β = 11,811, and the
 * series alone took 26 s against 0.1 s for BG/NBD. So for z > 0.9 (over ~330 terms) that integral
 * is taken instead by Gauss–Legendre quadrature in w = ln(min(α,β)+τ), in panels narrow enough
 * for the integrand's log to stay nearly linear in each (see {@link lnGoneIntegral}).
 */
import { fitFolded, fold, foldedMle, type Folded, type SteppedMle } from './bgnbd';
import type { RfmSummary } from './history';
import { hyp2f1, lnGamma, logAddExp } from './special';

/** Fitted Pareto/NBD parameters (time unit: weeks). */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** A fit: parameters, the maximised log-likelihood, the customers and the optimiser's evaluations. */
export interface ParetoNbdFit extends ParetoNbdParams {
  logLikelihood: number;
  customers: number;
  evaluations: number;
}

/** ln F(τ) of the header, through the Euler transform (x: repeat purchases). */
function lnF(p: ParetoNbdParams, x: number, tau: number): number {
  const { r, alpha, s, beta } = p;
  const c = r + s + x + 1;
  const la = Math.log(alpha + tau);
  const lb = Math.log(beta + tau);
  if (alpha >= beta) {
    // (1−z)^(−s) ₂F₁(1, r+x; c; z) / (α+τ)^(r+s+x) = ₂F₁(…) / ((α+τ)^(r+x) (β+τ)^s)
    const z = (alpha - beta) / (alpha + tau);
    return Math.log(hyp2f1(1, r + x, c, z)) - (r + x) * la - s * lb;
  }
  // (1−z)^(1−r−x) ₂F₁(1, s+1; c; z) / (β+τ)^(r+s+x) = ₂F₁(…) / ((α+τ)^(r+x−1) (β+τ)^(s+1))
  const z = (beta - alpha) / (beta + tau);
  return Math.log(hyp2f1(1, s + 1, c, z)) - (r + x - 1) * la - (s + 1) * lb;
}

/** Above this z the ₂F₁ series (≳ 330 terms) gives way to the quadrature. */
const SERIES_MAX_Z = 0.9;

/** 8-point Gauss–Legendre nodes (positive half) and weights on [−1, 1]. */
const GL_X = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/**
 * ln ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ over [t_x, T], by Gauss–Legendre in w = ln(m+τ), m = min(α, β):
 * the integrand times dτ/dw is exp(ℓ(w)), ℓ(w) = (1−k_m)w − k_M ln(M−m+e^w) (k_m, k_M the
 * exponents of the smaller and larger scale). Each panel is at most 0.5 wide, at most 2/|ℓ′| (ℓ
 * changes by ≤ ~2) and at most √(8/|ℓ″|) (ℓ′ stays nearly constant), so 8 nodes are
 * exact to ~1e-12 relative. ℓ′ only falls with w; once it is negative and what is left is below
 * e^−37 of the sum, the rest is dropped (heavy buyers: the mass sits at t_x).
 */
export function lnGoneIntegral(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const aSmall = alpha <= beta;
  const m = aSmall ? alpha : beta;
  const gap = (aSmall ? beta : alpha) - m; // M − m ≥ 0
  const km = aSmall ? r + x : s + 1;
  const kM = aSmall ? s + 1 : r + x;
  const ell = (w: number) => (1 - km) * w - kM * Math.log(gap + Math.exp(w));
  const slope = (w: number) => {
    const e = Math.exp(w);
    return 1 - km - (kM * e) / (gap + e);
  };
  // |ℓ″| = k_M (M−m) e^w / (M−m+e^w)² ≤ k_M · min(1/4, e^w/(M−m)); e^(w+0.5) bounds e^w in a panel
  const curvature = (w: number) => kM * Math.min(0.25, Math.exp(w + 0.5) / gap);
  const w1 = Math.log(m + T);
  let w = Math.log(m + tx);
  let acc = -Infinity;
  while (w < w1) {
    const bend = Math.sqrt(8 / Math.max(curvature(w), 1e-12));
    const h = Math.min(0.5, bend, 2 / Math.max(Math.abs(slope(w)), 1e-12), w1 - w);
    const mid = w + h / 2;
    for (let j = 0; j < 4; j++) {
      const lw = Math.log((GL_W[j] * h) / 2);
      acc = logAddExp(acc, lw + ell(mid - (GL_X[j] * h) / 2));
      acc = logAddExp(acc, lw + ell(mid + (GL_X[j] * h) / 2));
    }
    w += h;
    if (w < w1 && slope(w) < 0 && ell(w) + Math.log(w1 - w) < acc - 37) break;
  }
  return acc;
}

/**
 * The two parts of a customer's likelihood without the factor Γ(r+x) α^r β^s / Γ(r), in logs:
 * `alive` (bought x times in (0, T] and still alive at T) and `gone` (dropped out in (t_x, T]).
 */
function parts(p: ParetoNbdParams, x: number, tx: number, T: number): { alive: number; gone: number } {
  const { r, alpha, s, beta } = p;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (T <= tx) return { alive, gone: -Infinity };
  const z = Math.abs(alpha - beta) / (Math.max(alpha, beta) + tx);
  if (z > SERIES_MAX_Z) return { alive, gone: Math.log(s) + lnGoneIntegral(p, x, tx, T) };
  const hi = lnF(p, x, tx);
  const lo = lnF(p, x, T);
  // F is decreasing in τ; rounding can make a tiny interval's difference ≤ 0: then it is nothing.
  const d = -Math.expm1(lo - hi);
  const gone = d > 0 ? Math.log(s / (r + s + x)) + hi + Math.log(d) : -Infinity;
  return { alive, gone };
}

/** Terms that depend on x only: ln Γ(r+x) − ln Γ(r) + r ln α + s ln β. */
function xTerms(p: ParetoNbdParams, x: number): number {
  return lnGamma(p.r + x) - lnGamma(p.r) + p.r * Math.log(p.alpha) + p.s * Math.log(p.beta);
}

/** Log-likelihood of one customer (Fader & Hardie 2005 note, eq. 19 with eqs. 22–23). */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, c: RfmSummary): number {
  const { alive, gone } = parts(p, c.x, c.tx, c.T);
  return xTerms(p, c.x) + logAddExp(alive, gone);
}

function foldedLogLikelihood(p: ParetoNbdParams, f: Folded): number {
  const terms = f.xs.map((x) => xTerms(p, x));
  let sum = 0;
  for (let i = 0; i < f.w.length; i++) {
    const { alive, gone } = parts(p, f.x[i], f.tx[i], f.T[i]);
    sum += f.w[i] * (terms[f.xi[i]] + logAddExp(alive, gone));
  }
  return sum;
}

/** Sum of the log-likelihood over customers (folded by equal (x, t_x, T)). */
export function paretoNbdTotalLogLikelihood(p: ParetoNbdParams, cs: readonly RfmSummary[]): number {
  return foldedLogLikelihood(p, fold(cs));
}

const start = (scale: number) => [0, scale, 0, scale];
const fromLogs = (v: number[]): ParetoNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  s: Math.exp(v[2]),
  beta: Math.exp(v[3]),
});

/**
 * The maximum-likelihood fit over log r, log α, log s, log β with BG/NBD's optimiser, start and
 * tiny ridge ({@link foldedMle}), so both baselines are fitted alike — as a resumable
 * minimisation: at 100,000 customers in the near-homogeneous-dropout regime it takes about a
 * minute, more than one refit call (fit-steps.ts steps it).
 */
export const paretoNbdMle = (cs: readonly RfmSummary[]): SteppedMle<ParetoNbdParams> =>
  foldedMle(cs, 'Pareto/NBD', fromLogs, foldedLogLikelihood, start);

/** {@link paretoNbdMle} in one go. */
export const fitParetoNbd = (cs: readonly RfmSummary[]): ParetoNbdFit =>
  fitFolded(cs, 'Pareto/NBD', fromLogs, foldedLogLikelihood, start);

/** P(alive at T | x, t_x, T) (the note's eq. 24). */
export function paretoNbdPAlive(p: ParetoNbdParams, c: RfmSummary): number {
  const { alive, gone } = parts(p, c.x, c.tx, c.T);
  return Math.exp(alive - logAddExp(alive, gone));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t weeks (the note's eq. 27):
 * P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)], whose s → 1 limit is
 * P(alive) · (r+x)(β+T)/(α+T) · ln((β+T+t)/(β+T)) — written with expm1 so s near 1 is exact.
 */
export function paretoNbdExpected(p: ParetoNbdParams, c: RfmSummary, t: number): number {
  const { r, alpha, s, beta } = p;
  const lq = Math.log1p(t / (beta + c.T)); // ln((β+T+t)/(β+T))
  const k = Math.abs(s - 1) < 1e-12 ? lq : -Math.expm1(-(s - 1) * lq) / (s - 1);
  return ((paretoNbdPAlive(p, c) * (r + c.x) * (beta + c.T)) / (alpha + c.T)) * k;
}
