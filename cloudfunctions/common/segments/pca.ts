/**
 * Principal components of a small sample (the admin's segment map: ≤ ~1,500 customers in the
 * model's own feature space), by power iteration on the covariance with deflation. Deterministic:
 * the same rows give the same axes — including their signs, which would otherwise flip the map
 * between refreshes (each axis points so that its largest loading is positive).
 */

/** Rows as one row-major matrix. */
export interface Rows {
  n: number;
  d: number;
  data: Float64Array;
}

/** The top components. */
export interface Pca {
  mean: Float64Array;
  /** unit vectors, strongest first */
  components: Float64Array[];
  /** variance along each component */
  variances: number[];
  /** total variance (trace of the covariance): `variances[i] / total` is the explained share */
  total: number;
}

const MAX_ITERATIONS = 1000;
const TOLERANCE = 1e-12;

/** Population covariance of `x` about its column means. */
function covariance(x: Rows): { mean: Float64Array; cov: Float64Array } {
  const { n, d, data } = x;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j] / n;
  const cov = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) c[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += (c[a] * c[b]) / n;
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
  return { mean, cov };
}

const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** `v` minus its parts along the (unit, orthogonal) `previous` vectors. */
function orthogonalise(v: Float64Array, previous: Float64Array[]): void {
  for (const p of previous) {
    const along = v.reduce((s, x, j) => s + x * p[j], 0);
    for (let j = 0; j < v.length; j++) v[j] -= along * p[j];
  }
}

/**
 * Leading eigenpair of the symmetric `cov` orthogonal to `previous`, by power iteration started
 * from its largest column. Each step is re-orthogonalised against the components already found,
 * so nearly tied eigenvalues (slow to separate) still give orthogonal axes.
 */
function leading(cov: Float64Array, d: number, previous: Float64Array[]): { v: Float64Array; lambda: number } {
  let start = -1;
  let best = 0;
  for (let j = 0; j < d; j++) {
    const col = norm(cov.subarray(j * d, (j + 1) * d)); // symmetric: row j = column j
    if (col > best * (1 + 1e-12)) [best, start] = [col, j];
  }
  const v = new Float64Array(d);
  // no variance left (or too little to iterate on): the first unit axis not yet covered
  const fallback = () => {
    for (let j = 0; j < d; j++) {
      v.fill(0);
      v[j] = 1;
      orthogonalise(v, previous);
      const len = norm(v);
      if (len > 1e-6) return { v: v.map((x) => x / len), lambda: 0 };
    }
    return { v, lambda: 0 };
  };
  if (start < 0 || best < 1e-100) return fallback();
  v.set(cov.subarray(start * d, (start + 1) * d));
  v.forEach((x, j) => (v[j] = x / best));
  let lambda = 0;
  const w = new Float64Array(d);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += cov[a * d + b] * v[b];
      w[a] = s;
    }
    orthogonalise(w, previous);
    lambda = v.reduce((s, x, j) => s + x * w[j], 0); // Rayleigh quotient
    const len = norm(w);
    if (len < 1e-300) break;
    let moved = 0;
    for (let j = 0; j < d; j++) {
      const next = w[j] / len;
      moved = Math.max(moved, Math.abs(next - v[j]));
      v[j] = next;
    }
    // converged when the direction stops moving (the eigenvalue settles long before the vector)
    if (moved <= TOLERANCE) break;
  }
  orthogonalise(v, previous);
  const len = norm(v);
  if (!(len > 1e-6)) return fallback();
  for (let j = 0; j < d; j++) v[j] /= len;
  return { v, lambda: Math.max(0, lambda) };
}

/** Flip `v` so that its largest-magnitude entry (the first such) is positive. */
function fixSign(v: Float64Array): void {
  let at = 0;
  for (let j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[at]) + 1e-12) at = j;
  if (v[at] < 0) for (let j = 0; j < v.length; j++) v[j] = -v[j];
}

/** The top `k` principal components of `x`. */
export function principalComponents(x: Rows, k = 2): Pca {
  const { d } = x;
  const { mean, cov } = covariance(x);
  let total = 0;
  for (let j = 0; j < d; j++) total += cov[j * d + j];
  const components: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < Math.min(k, d); c++) {
    const { v, lambda } = leading(cov, d, components);
    fixSign(v);
    components.push(v);
    variances.push(lambda);
    // deflate: remove the found direction so the next iteration finds the next one
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] -= lambda * v[a] * v[b];
  }
  return { mean, components, variances, total };
}

/** Coordinates of row `i` of `x` on the components. */
export function project(x: Rows, i: number, p: Pca): number[] {
  return p.components.map((v) => {
    let s = 0;
    for (let j = 0; j < x.d; j++) s += (x.data[i * x.d + j] - p.mean[j]) * v[j];
    return s;
  });
}
