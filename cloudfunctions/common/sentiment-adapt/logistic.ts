/**
 * Logistic regression on a handful of dense features by Newton's method, with an L2 pull toward a
 * prior point (not toward zero): the stacker that weighs the base model against the shop's own
 * evidence starts from "trust the base model" and moves only as far as the data asks.
 */

/** Fitted coefficients (one per feature) and intercept. */
export interface DenseLogistic {
  coef: number[];
  intercept: number;
}

/** Solves A·x = b for a small dense system (Gaussian elimination, partial pivoting). */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-12) return null;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/**
 * Minimises Σ log-loss + ½·l2·‖coef − prior‖² (the intercept is not penalised), starting at the
 * prior. `x[i]` is the feature vector of example i.
 */
export function fitDenseLogistic(
  x: readonly (readonly number[])[],
  y: readonly (0 | 1)[],
  prior: readonly number[],
  l2: number,
  iterations = 50,
): DenseLogistic {
  const d = prior.length;
  // Parameters: [coef..., intercept]; the intercept starts at 0.
  let w = [...prior, 0];
  const objective = (v: number[]): number => {
    let l = 0;
    for (let i = 0; i < x.length; i++) {
      let z = v[d];
      for (let j = 0; j < d; j++) z += v[j] * x[i][j];
      l += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
    }
    for (let j = 0; j < d; j++) l += 0.5 * l2 * (v[j] - prior[j]) ** 2;
    return l;
  };
  let current = objective(w);
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < x.length; i++) {
      const f = [...x[i], 1];
      let z = 0;
      for (let j = 0; j <= d; j++) z += w[j] * f[j];
      const p = 1 / (1 + Math.exp(-z));
      const s = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j <= d; j++) {
        g[j] += (p - y[i]) * f[j];
        for (let k = 0; k <= d; k++) H[j][k] += s * f[j] * f[k];
      }
    }
    for (let j = 0; j < d; j++) {
      g[j] += l2 * (w[j] - prior[j]);
      H[j][j] += l2;
    }
    H[d][d] += 1e-9;
    const step = solve(H, g);
    if (!step) break;
    // Backtracking: a full Newton step can overshoot on nearly separable data.
    let t = 1;
    let next = w.map((v, j) => v - t * step[j]);
    let value = objective(next);
    while (value > current && t > 1e-6) {
      t /= 2;
      next = w.map((v, j) => v - t * step[j]);
      value = objective(next);
    }
    if (value > current) break;
    const gain = current - value;
    w = next;
    current = value;
    if (gain < 1e-9 * Math.max(1, current)) break;
  }
  return { coef: w.slice(0, d), intercept: w[d] };
}
