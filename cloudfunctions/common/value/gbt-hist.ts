/**
 * A node's histograms (per active feature and bin: Σg, Σh of its rows), built directly or derived
 * by subtraction (parent − smaller sibling), and the split search on them.
 *
 * A derived histogram is not the directly built one bit for bit (floating-point sums depend on
 * their order), so its split is only taken when it is CERTAIN to be the direct histogram's split:
 * every bin's sum is within a proven bound of the exact sum (standard summation error bounds,
 * γₖ = k·u / (1 − k·u)), so each candidate's gain is within a margin of the gain the direct
 * histogram gives; the best candidate is taken only when its gain minus its margin beats every
 * other candidate's gain plus margin (and the 1e-9 floor), and no candidate's Hessian test is in
 * doubt. Otherwise the caller builds the histogram directly and searches it as before.
 */
/** Bins per feature (quantile edges; bin j holds values ≤ edges[j], the last bin the rest); the layout below shifts by 5. */
export const BINS = 32;

const U = 2 ** -53;
const gamma = (k: number) => (k * U) / (1 - k * U);

/** Σg, Σh, Σ|g| and the number of a node's rows (each summed in row order). */
export interface Totals {
  G: number;
  H: number;
  absG: number;
  n: number;
}

/** A node's histograms and how far their sums may be from the exact ones. */
export interface NodeHist {
  /** hist[2 (a·BINS + b)] = Σg, [… + 1] = Σh of the node's rows in active feature a's bin b */
  hist: Float64Array;
  /** built directly from the node's rows in row order: the very sums of a direct build */
  direct: boolean;
  /** bounds on Σ over a feature's bins of |bin sum − exact sum|, for g and h */
  errG: number;
  errH: number;
}

/** The split-search knobs. */
export interface SplitOptions {
  minLeafHessian: number;
  lambda: number;
}

/** Bounds of a directly built histogram of a node with totals `t` (h ≥ 0, so Σ|h| = Σh). */
export function directErrors(t: Totals): { errG: number; errH: number } {
  const k = gamma(t.n + 1);
  return { errG: k * t.absG * (1 + k), errH: k * Math.abs(t.H) * (1 + k) };
}

/**
 * out = parent − small, bin by bin: the other child's histograms. `pt` is the parent's totals;
 * the bounds add the parent's, the small child's and the subtraction's rounding.
 */
export function deriveHist(parent: NodeHist, pt: Totals, small: NodeHist, out: Float64Array): NodeHist {
  const p = parent.hist;
  const s = small.hist;
  for (let k = 0; k < out.length; k++) out[k] = p[k] - s[k];
  const k = gamma(pt.n + 1);
  const eG = parent.errG + small.errG;
  const eH = parent.errH + small.errH;
  return {
    hist: out,
    direct: false,
    errG: (eG + U * (pt.absG * (1 + k) + eG)) * (1 + 4 * U),
    errH: (eH + U * (Math.abs(pt.H) * (1 + k) + eH)) * (1 + 4 * U),
  };
}

/** The best split of a node with sums G, H on histograms `hist`: [active index, bin], or [-1, -1]. */
export function bestSplit(hist: Float64Array, nbins: Int32Array, G: number, H: number, o: SplitOptions): [number, number] {
  const { lambda, minLeafHessian } = o;
  const parent = (G * G) / (H + lambda);
  let best = 1e-9;
  let ba = -1;
  let bb = -1;
  for (let a = 0; a < nbins.length; a++) {
    let gl = 0;
    let hl = 0;
    const nb = nbins[a];
    for (let b = 0; b < nb; b++) {
      const at = ((a << 5) + b) << 1;
      gl += hist[at];
      hl += hist[at + 1];
      const hr = H - hl;
      if (hl < minLeafHessian || hr < minLeafHessian) continue;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
      if (gain > best) [best, ba, bb] = [gain, a, b];
    }
  }
  return [ba, bb];
}

/**
 * {@link bestSplit} of the DIRECT histograms, found on derived ones `nh` when certain (see the
 * file comment); null when in doubt. `t` is the node's totals (the same sums in both builds).
 */
export function certainSplit(nh: NodeHist, nbins: Int32Array, t: Totals, o: SplitOptions): [number, number] | null {
  const { hist } = nh;
  const { G, H } = t;
  const { lambda, minLeafHessian } = o;
  const k = gamma(t.n + 1);
  const c = gamma(BINS + 1);
  const mg = t.absG * (1 + k);
  const mh = Math.abs(H) * (1 + k);
  // How far a prefix sum of the derived bins may be from the direct build's: both builds' distance
  // to the exact sums, plus both prefix sums' rounding; doubled for safety.
  const dg = 2 * (nh.errG + k * mg + c * (2 * mg + nh.errG + k * mg));
  const dh = 2 * (nh.errH + k * mh + c * (2 * mh + nh.errH + k * mh));
  const dhr = 2 * (dh + 4 * U * (mh + Math.abs(H)));
  const parent = (G * G) / (H + lambda);
  let best = -Infinity;
  let bestMargin = 0;
  let others = -Infinity; // the largest gain + margin of every valid candidate but the best
  let ba = -1;
  let bb = -1;
  for (let a = 0; a < nbins.length; a++) {
    let gl = 0;
    let hl = 0;
    const nb = nbins[a];
    for (let b = 0; b < nb; b++) {
      const at = ((a << 5) + b) << 1;
      gl += hist[at];
      hl += hist[at + 1];
      const hr = H - hl;
      // The direct build's Hessian test must come out the same way.
      if (hl + dh < minLeafHessian || hr + dhr < minLeafHessian) continue;
      if (hl - dh < minLeafHessian || hr - dhr < minLeafHessian) return null;
      const dl = hl + lambda;
      const dr = hr + lambda;
      if (!(dh <= 0.01 * dl && dhr <= 0.01 * dr)) return null;
      const gr = G - gl;
      const t1 = (gl * gl) / dl;
      const t2 = (gr * gr) / dr;
      const gain = t1 + t2 - parent;
      // The gain's change over the prefix sums' box (denominators within 1 %), and both
      // evaluations' rounding (a dozen operations each), doubled.
      const ag = Math.abs(gl) + dg;
      const ar = Math.abs(gr) + dg;
      const dq = 2.1 * (ag / dl + ar / dr) * dg + 1.05 * ((ag * ag) / (dl * dl) + (ar * ar) / (dr * dr)) * dhr;
      const margin = 2 * (dq + 32 * U * (t1 + t2 + Math.abs(parent) + dq));
      if (!(Number.isFinite(gain) && Number.isFinite(margin))) return null;
      if (gain > best) {
        others = Math.max(others, best + bestMargin);
        [best, bestMargin, ba, bb] = [gain, margin, a, b];
      } else others = Math.max(others, gain + margin);
    }
  }
  // No split: no candidate's direct gain can exceed the floor.
  if (Math.max(best + bestMargin, others) <= 1e-9) return [-1, -1];
  const low = best - bestMargin;
  return low > 1e-9 && low > others ? [ba, bb] : null;
}
