/**
 * Poisson regression with a per-row offset, E[y] = exp(offset + w·x), fitted by Newton–Raphson
 * with a ridge on every weight but the first (the intercept). Small dense problems only (a handful
 * of columns); used by the CLV ceiling diagnostic.
 */

/** Solves M v = b by Gauss–Jordan elimination with partial pivoting (M square, small). */
export function solveDense(m: readonly number[][], b: readonly number[]): number[] {
  const p = b.length;
  const a = m.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= p; k++) a[r][k] -= f * a[c][k];
    }
  }
  return a.map((r, j) => r[p] / r[j]);
}

/** Weights of the GLM (x rows start with the constant 1). */
export function fitPoissonGlm(
  x: readonly number[][],
  y: readonly number[],
  offset: readonly number[],
  ridge = 1,
): number[] {
  const p = x[0].length;
  let w = new Array<number>(p).fill(0);
  for (let it = 0; it < 50; it++) {
    const h = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const g = new Array<number>(p).fill(0);
    x.forEach((r, i) => {
      let eta = offset[i];
      for (let j = 0; j < p; j++) eta += w[j] * r[j];
      const mu = Math.exp(Math.min(eta, 30));
      for (let j = 0; j < p; j++) {
        g[j] += (mu - y[i]) * r[j];
        for (let k = 0; k <= j; k++) h[j][k] += mu * r[j] * r[k];
      }
    });
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < j; k++) h[k][j] = h[j][k];
      if (j > 0) {
        h[j][j] += ridge;
        g[j] += ridge * w[j];
      }
    }
    const step = solveDense(h, g);
    w = w.map((v, j) => v - step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}
