/**
 * Platt scaling: fit p = σ(a·z + c) to held-out (logit, label) pairs by Newton's method on the
 * log-loss, with Platt's smoothed targets so a separable slice cannot blow the slope up.
 */

/** Platt parameters. */
export interface Platt {
  a: number;
  c: number;
}

/** Fits Platt scaling on logits `z` and labels `y`. */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>, iterations = 100): Platt {
  let nPos = 0;
  for (let i = 0; i < y.length; i++) nPos += y[i];
  const nNeg = y.length - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  const loss = (a: number, c: number): number => {
    let l = 0;
    for (let i = 0; i < z.length; i++) {
      const f = a * z[i] + c;
      const t = y[i] ? tPos : tNeg;
      // log(1 + e^f) - t·f, computed stably.
      l += (f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f))) - t * f;
    }
    return l;
  };
  let a = 1;
  let c = 0;
  let current = loss(a, c);
  for (let it = 0; it < iterations; it++) {
    let ga = 0,
      gc = 0,
      haa = 0,
      hac = 0,
      hcc = 0;
    for (let i = 0; i < z.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * z[i] + c)));
      const t = y[i] ? tPos : tNeg;
      const d = p - t;
      const w = Math.max(p * (1 - p), 1e-12);
      ga += d * z[i];
      gc += d;
      haa += w * z[i] * z[i];
      hac += w * z[i];
      hcc += w;
    }
    haa += 1e-9;
    hcc += 1e-9;
    const det = haa * hcc - hac * hac;
    if (Math.abs(det) < 1e-15) break;
    const da = (hcc * ga - hac * gc) / det;
    const dc = (haa * gc - hac * ga) / det;
    // Backtracking line search: Newton steps overshoot on the flat tails of the log-loss.
    let step = 1;
    let next = loss(a - da, c - dc);
    while (next > current + 1e-12 && step > 1e-8) {
      step /= 2;
      next = loss(a - step * da, c - step * dc);
    }
    if (next > current + 1e-12) break;
    a -= step * da;
    c -= step * dc;
    const gain = current - next;
    current = next;
    if (gain < 1e-10 * Math.max(1, Math.abs(current))) break;
  }
  return { a, c };
}
