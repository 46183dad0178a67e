/** Dense row-major matrix of float64: the one numeric container of the training code. */
export interface Matrix {
  n: number;
  d: number;
  data: Float64Array;
}

/** A zero matrix. */
export const zeros = (n: number, d: number): Matrix => ({ n, d, data: new Float64Array(n * d) });

/** From an array of equal-length rows. */
export function fromRows(rows: ArrayLike<number>[]): Matrix {
  const d = rows.length ? rows[0].length : 0;
  const m = zeros(rows.length, d);
  rows.forEach((r, i) => m.data.set(Array.from(r), i * d));
  return m;
}

/** Row i as a copy. */
export const row = (m: Matrix, i: number): number[] => Array.from(m.data.subarray(i * m.d, (i + 1) * m.d));

/** Rows selected by index. */
export function takeRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = zeros(idx.length, m.d);
  for (let k = 0; k < idx.length; k++) out.data.set(m.data.subarray(idx[k] * m.d, (idx[k] + 1) * m.d), k * m.d);
  return out;
}

/** Squared Euclidean distance between row i of a and row j of b. */
export function sqDist(a: Matrix, i: number, b: Matrix, j: number): number {
  let s = 0;
  const ai = i * a.d;
  const bj = j * b.d;
  for (let k = 0; k < a.d; k++) {
    const t = a.data[ai + k] - b.data[bj + k];
    s += t * t;
  }
  return s;
}
