/**
 * Repeats a benchmark and keeps the median of every numeric figure, so one reading on a shared
 * machine does not become the published number. Non-numeric figures are taken from the last run.
 */

/** Median of a non-empty list (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (v: number, like: number[]): number =>
  like.every(Number.isInteger) ? Math.round(v) : Number(v.toPrecision(6));

/** Field by field median of `runs` (nested objects too); other values from the last run. */
export function medianFigures(runs: Array<Record<string, unknown>>): Record<string, unknown> {
  const last = runs[runs.length - 1];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(last)) {
    const vals = runs.map((r) => r[k]);
    if (typeof v === 'number' && vals.every((x) => typeof x === 'number' && Number.isFinite(x)))
      out[k] = round(median(vals as number[]), vals as number[]);
    else if (v && typeof v === 'object' && !Array.isArray(v) && vals.every((x) => x && typeof x === 'object'))
      out[k] = medianFigures(vals as Array<Record<string, unknown>>);
    else out[k] = v;
  }
  return out;
}
