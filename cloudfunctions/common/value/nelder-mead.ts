/**
 * Nelder–Mead simplex minimiser (adaptive coefficients of Gao & Han 2012, which behave better
 * than the textbook ones beyond two dimensions), restarted from its own optimum until a restart
 * no longer improves: the simplex can collapse early on flat likelihood ridges, and a restart
 * costs little next to fitting on the wrong point.
 */

/** Result of a minimisation. */
export interface MinimiseResult {
  x: number[];
  value: number;
  evaluations: number;
}

/** Options: step of the initial simplex, tolerances, evaluation budget. */
export interface NelderMeadOptions {
  step?: number;
  tolerance?: number;
  maxEvaluations?: number;
  restarts?: number;
}

function simplexRun(
  f: (x: number[]) => number,
  x0: number[],
  step: number,
  tol: number,
  budget: number,
): MinimiseResult {
  const n = x0.length;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let pts = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))];
  let vals = pts.map(safe);
  let evals = n + 1;
  while (evals < budget) {
    const order = vals.map((_, i) => i).sort((i, j) => vals[i] - vals[j]);
    pts = order.map((i) => pts[i]);
    vals = order.map((i) => vals[i]);
    if (Math.abs(vals[n] - vals[0]) <= tol * (Math.abs(vals[0]) + tol)) break;
    const c = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[j] += pts[i][j] / n;
    const along = (t: number) => c.map((v, j) => v + t * (pts[n][j] - v));
    const xr = along(-alpha);
    const fr = safe(xr);
    evals++;
    if (fr < vals[0]) {
      const xe = along(-beta);
      const fe = safe(xe);
      evals++;
      [pts[n], vals[n]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < vals[n - 1]) {
      [pts[n], vals[n]] = [xr, fr];
    } else {
      const outside = fr < vals[n];
      const xc = along(outside ? -gamma : gamma);
      const fc = safe(xc);
      evals++;
      if (fc < (outside ? fr : vals[n])) [pts[n], vals[n]] = [xc, fc];
      else {
        for (let i = 1; i <= n; i++) {
          pts[i] = pts[i].map((v, j) => pts[0][j] + delta * (v - pts[0][j]));
          vals[i] = safe(pts[i]);
        }
        evals += n;
      }
    }
  }
  const best = vals.indexOf(Math.min(...vals));
  return { x: pts[best], value: vals[best], evaluations: evals };
}

/** Minimises f from x0. */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  opts: NelderMeadOptions = {},
): MinimiseResult {
  const tol = opts.tolerance ?? 1e-10;
  const budget = opts.maxEvaluations ?? 4000;
  let res = simplexRun(f, x0, opts.step ?? 0.5, tol, budget);
  let evaluations = res.evaluations;
  for (let k = 0; k < (opts.restarts ?? 3); k++) {
    const again = simplexRun(f, res.x, 0.1, tol, budget);
    evaluations += again.evaluations;
    const improved = again.value < res.value - tol * (Math.abs(res.value) + tol);
    if (again.value < res.value) res = again;
    if (!improved) break;
  }
  return { ...res, evaluations };
}
