/**
 * Scales and "nice" ticks for the admin charts. Pure numbers in, numbers out: unit-tested here,
 * drawn by canvas-chart.tsx on a Taro 2d Canvas in both weapp and h5.
 */

/** A linear map from a data domain to a pixel range. */
export interface LinearScale {
  (v: number): number;
  domain: [number, number];
  range: [number, number];
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linearScale(domain: [number, number], range: [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = ((v: number) => r0 + (v - d0) * k) as LinearScale;
  f.domain = domain;
  f.range = range;
  return f;
}

/** A step of 1, 2 or 5 × 10^k close to span/count (Heckbert's nice numbers). */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return nice * mag;
}

/** Nice tick values covering [min, max] with about `count` intervals; the domain is widened to them. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (Math.abs(min) <= 1e-9 && Math.abs(max) <= 1e-9) return [0, 1];
  // A span too small to tick (including denormals) is treated as a single value.
  if (max - min <= 1e-9 * Math.max(1, Math.abs(min), Math.abs(max))) {
    max = min;
    if (min === 0) return [0, 1];
    [min, max] = min > 0 ? [0, min] : [min, 0];
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const out: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Short label of a tick: 12000 → 1.2万, 0.25 → 0.25, 3 → 3. */
export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e8) return `${trim(v / 1e8)}亿`;
  if (a >= 1e4) return `${trim(v / 1e4)}万`;
  return trim(v);
}

function trim(v: number): string {
  return String(Number(v.toFixed(2)));
}
