/**
 * Nelder–Mead simplex minimiser (adaptive coefficients of Gao & Han 2012, which behave better
 * than the textbook ones beyond two dimensions), restarted from its own optimum until a restart
 * no longer improves: the simplex can collapse early on flat likelihood ridges, and a restart
 * costs little next to fitting on the wrong point.
 *
 * The minimiser is a small plain-JSON state advanced one simplex iteration at a time, so a fit
 * too long for one 60 s refit call (Pareto/NBD at 100,000 customers) can stop between iterations,
 * be checkpointed and go on in the next call with the same arithmetic: `nelderMead` is the same
 * state advanced without stopping, so a stepped minimisation ends on the same point, bit for bit.
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

/**
 * A minimisation in progress (plain JSON except that `vals` may hold Infinity: see
 * {@link encodeNelderMead}).
 */
export interface NelderMeadState {
  /** the simplex run in progress: 0 the first, k the k-th restart */
  run: number;
  /** its simplex, its values and its evaluations so far */
  pts: number[][];
  vals: number[];
  evals: number;
  /** the best result of the finished runs (absent during the first run) */
  best?: MinimiseResult;
  /** evaluations of the finished runs */
  evaluations: number;
  done: boolean;
}

type Objective = (x: number[]) => number;

const safeOf = (f: Objective) => (x: number[]) => {
  const v = f(x);
  return Number.isFinite(v) ? v : Infinity;
};

/** A fresh simplex around x0 (n + 1 evaluations). */
function simplexAt(f: Objective, x0: number[], step: number): Pick<NelderMeadState, 'pts' | 'vals' | 'evals'> {
  const safe = safeOf(f);
  const pts = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))];
  return { pts, vals: pts.map(safe), evals: x0.length + 1 };
}

/** Starts minimising f from x0. */
export function nelderMeadStart(f: Objective, x0: number[], opts: NelderMeadOptions = {}): NelderMeadState {
  return { run: 0, ...simplexAt(f, x0, opts.step ?? 0.5), evaluations: 0, done: false };
}

/**
 * One iteration of the current run (the simplex is sorted first); returns false when the run has
 * converged or spent its budget instead.
 */
function iterate(f: Objective, s: NelderMeadState, tol: number, budget: number): boolean {
  if (s.evals >= budget) return false;
  const n = s.pts[0].length;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const safe = safeOf(f);
  const order = s.vals.map((_, i) => i).sort((i, j) => s.vals[i] - s.vals[j]);
  const pts = order.map((i) => s.pts[i]);
  const vals = order.map((i) => s.vals[i]);
  s.pts = pts;
  s.vals = vals;
  if (Math.abs(vals[n] - vals[0]) <= tol * (Math.abs(vals[0]) + tol)) return false;
  const c = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[j] += pts[i][j] / n;
  const along = (t: number) => c.map((v, j) => v + t * (pts[n][j] - v));
  const xr = along(-alpha);
  const fr = safe(xr);
  s.evals++;
  if (fr < vals[0]) {
    const xe = along(-beta);
    const fe = safe(xe);
    s.evals++;
    [pts[n], vals[n]] = fe < fr ? [xe, fe] : [xr, fr];
  } else if (fr < vals[n - 1]) {
    [pts[n], vals[n]] = [xr, fr];
  } else {
    const outside = fr < vals[n];
    const xc = along(outside ? -gamma : gamma);
    const fc = safe(xc);
    s.evals++;
    if (fc < (outside ? fr : vals[n])) [pts[n], vals[n]] = [xc, fc];
    else {
      for (let i = 1; i <= n; i++) {
        pts[i] = pts[i].map((v, j) => pts[0][j] + delta * (v - pts[0][j]));
        vals[i] = safe(pts[i]);
      }
      s.evals += n;
    }
  }
  return true;
}

/** Ends the current run: keeps the better result, then restarts from it or finishes. */
function endRun(f: Objective, s: NelderMeadState, tol: number, restarts: number): void {
  const at = s.vals.indexOf(Math.min(...s.vals));
  const res: MinimiseResult = { x: s.pts[at], value: s.vals[at], evaluations: s.evals };
  let improved = true;
  if (!s.best) s.best = res;
  else {
    improved = res.value < s.best.value - tol * (Math.abs(s.best.value) + tol);
    if (res.value < s.best.value) s.best = res;
  }
  s.evaluations += res.evaluations;
  if (!improved || s.run >= restarts) {
    s.done = true;
    return;
  }
  s.run++;
  Object.assign(s, simplexAt(f, s.best.x, 0.1));
}

/**
 * Advances a minimisation (a copy: `state` is not changed) until it is done or `stop()` says so;
 * `stop` is asked after each iteration, so every call makes progress.
 */
export function nelderMeadAdvance(
  f: Objective,
  state: NelderMeadState,
  opts: NelderMeadOptions = {},
  stop: () => boolean = () => false,
): NelderMeadState {
  const tol = opts.tolerance ?? 1e-10;
  const budget = opts.maxEvaluations ?? 4000;
  const s: NelderMeadState = { ...state, pts: state.pts.map((p) => p.slice()), vals: state.vals.slice() };
  while (!s.done) {
    if (!iterate(f, s, tol, budget)) endRun(f, s, tol, opts.restarts ?? 3);
    if (stop()) break;
  }
  return s;
}

/** The result of a finished minimisation. */
export function nelderMeadResult(s: NelderMeadState): MinimiseResult {
  if (!s.done || !s.best) throw new Error('Nelder–Mead not finished');
  return { ...s.best, evaluations: s.evaluations };
}

/** JSON of a state (Infinity, a point where f failed, is written as null). */
export const encodeNelderMead = (s: NelderMeadState): NelderMeadState =>
  JSON.parse(JSON.stringify(s)) as NelderMeadState;

/** A state read back from JSON (null values are Infinity again). */
export function decodeNelderMead(s: NelderMeadState): NelderMeadState {
  const inf = (v: number | null) => (v === null ? Infinity : v);
  return {
    ...s,
    vals: s.vals.map(inf),
    ...(s.best ? { best: { ...s.best, value: inf(s.best.value) } } : {}),
  };
}

/** Minimises f from x0. */
export function nelderMead(f: Objective, x0: number[], opts: NelderMeadOptions = {}): MinimiseResult {
  return nelderMeadResult(nelderMeadAdvance(f, nelderMeadStart(f, x0, opts), opts));
}
