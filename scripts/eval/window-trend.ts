/**
 * Session 24's question for the h′ = h gap (models/value/report.md, "A trend test on the training
 * windows (session 24)"): does the level the training windows show (actual ÷ BG/NBD refitted at each
 * cut-off) drift with the cut-off's date? A weighted least-squares slope of the windows' log ratio on
 * their cut-off day, weights 1 / (each window's delta-method variance), with two standard errors:
 * - `seNaive`: the textbook WLS one, as if the windows were independent;
 * - `se`: clustered by customer. The windows overlap (cut-offs h′/6 apart, each h′ long), so one
 *   customer's purchases sit in several windows; the slope is linearised into one influence per
 *   customer (the delta method over every window at once), and its variance is their sum of squares.
 * BG/NBD's expectations are taken as fixed (their refit noise is not in either error), as blend.ts's
 * same-season level does. Evaluation only: no model reads it.
 */

/** One training window: its cut-off day and, per row, the target, BG/NBD's expectation and the customer. */
export interface TrendWindow {
  cut: number;
  y: ArrayLike<number>;
  expected: ArrayLike<number>;
  /** the customer of each row (an index shared by every window) */
  customer: ArrayLike<number>;
}

/** The trend of the windows' log(actual ÷ BG/NBD) over their cut-off day. */
export interface WindowTrend {
  /** windows used (those with at least one purchase) */
  windows: number;
  /** slope of the log ratio per 30 days */
  slope: number;
  /** its standard error clustered by customer, and the independent-windows one */
  se: number;
  seNaive: number;
  /** slope ÷ se */
  z: number;
  /** the fitted log ratio at `at` (e.g. the calibration end: the window the hold-out is), with its clustered s.e. */
  levelAt: number;
  levelSe: number;
}

const MONTH = 30;

/**
 * The windows' trend, extrapolated to the cut-off `at`. Null with fewer than three windows that
 * hold a purchase, or when they share one cut-off day.
 */
export function windowTrend(windows: readonly TrendWindow[], at: number): WindowTrend | null {
  const ws = windows
    .map((w) => {
      let Y = 0;
      let E = 0;
      for (let k = 0; k < w.y.length; k++) {
        Y += w.y[k];
        E += w.expected[k];
      }
      const rho = Y / E;
      let v = 0;
      for (let k = 0; k < w.y.length; k++) v += (w.y[k] - rho * w.expected[k]) ** 2;
      return { w, Y, rho, r: Math.log(rho), weight: Y > 0 && v > 0 ? Y ** 2 / v : 0, t: w.cut / MONTH };
    })
    .filter((x) => x.Y > 0 && x.weight > 0);
  if (ws.length < 3) return null;
  const sw = ws.reduce((s, x) => s + x.weight, 0);
  const tbar = ws.reduce((s, x) => s + x.weight * x.t, 0) / sw;
  const sxx = ws.reduce((s, x) => s + x.weight * (x.t - tbar) ** 2, 0);
  if (!(sxx > 0)) return null;
  const rbar = ws.reduce((s, x) => s + x.weight * x.r, 0) / sw;
  // The slope and the level at `at` are linear in the windows' log ratios: Σ a_i r_i and Σ b_i r_i.
  const a = ws.map((x) => (x.weight * (x.t - tbar)) / sxx);
  const tAt = at / MONTH;
  const b = ws.map((x, i) => x.weight / sw + (tAt - tbar) * a[i]);
  const slope = ws.reduce((s, x, i) => s + a[i] * x.r, 0);
  const levelAt = rbar + (tAt - tbar) * slope;
  // d r_i = Σ_customer (y − ρ_i e) ÷ Y_i: one influence per customer, summed over the windows it is in.
  const ua = new Map<number, number>();
  const ub = new Map<number, number>();
  ws.forEach((x, i) => {
    for (let k = 0; k < x.w.y.length; k++) {
      const d = (x.w.y[k] - x.rho * x.w.expected[k]) / x.Y;
      const c = x.w.customer[k];
      ua.set(c, (ua.get(c) ?? 0) + a[i] * d);
      ub.set(c, (ub.get(c) ?? 0) + b[i] * d);
    }
  });
  let va = 0;
  let vb = 0;
  for (const u of ua.values()) va += u * u;
  for (const u of ub.values()) vb += u * u;
  const se = Math.sqrt(va);
  return {
    windows: ws.length,
    slope,
    se,
    seNaive: Math.sqrt(1 / sxx),
    z: slope / se,
    levelAt,
    levelSe: Math.sqrt(vb),
  };
}
