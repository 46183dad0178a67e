/**
 * Several cut-offs' training rows as one set, in cut-off order, as the trees train on them: the
 * targets, offsets and groups at once, each feature column on demand (binning asks for one column
 * at a time, so the stacked set is never held whole beside its parts). Used by learned.ts
 * trainLearned (in one go) and fit-passes.ts (a stepped fit's stored cut-offs).
 */

/** One cut-off's rows, feature-major (learned.ts TrainingRows, or a stored cut-off decoded). */
export interface RowsPart {
  cols: Float64Array[];
  y: ArrayLike<number>;
  offsets: ArrayLike<number>;
  groups: ArrayLike<number>;
}

/** The parts stacked: `column(f)` makes feature f's column of all the rows. */
export interface StackedRows {
  width: number;
  n: number;
  column(f: number): Float64Array;
  y: Float64Array;
  offsets: Float64Array;
  groups: Int32Array;
}

/** Thrown when a released column is asked for again (it would read as no rows). */
export class StackedColumnReleasedError extends Error {
  override name = 'StackedColumnReleasedError';
}

/**
 * Stacks `parts` (each with `width` columns). With `release`, `column(f)` drops every part's
 * column f once it is copied (the parts' arrays are changed; each column can then be asked for
 * once): a fit in one go needs each column once, for binning. Without it the parts are untouched.
 */
export function stackRows(parts: readonly RowsPart[], width: number, o: { release?: boolean } = {}): StackedRows {
  let n = 0;
  for (const p of parts) n += p.y.length;
  const released = new Set<number>();
  const cat = <T extends Float64Array | Int32Array>(out: T, of: (p: RowsPart) => ArrayLike<number>): T => {
    let at = 0;
    for (const p of parts) {
      const v = of(p);
      out.set(v, at);
      at += v.length;
    }
    return out;
  };
  return {
    width,
    n,
    column: (f) => {
      if (released.has(f)) throw new StackedColumnReleasedError(`column ${f} was already stacked and released`);
      const col = cat(new Float64Array(n), (p) => p.cols[f]);
      if (o.release) {
        released.add(f);
        for (const p of parts) p.cols[f] = new Float64Array(0);
      }
      return col;
    },
    y: cat(new Float64Array(n), (p) => p.y),
    offsets: cat(new Float64Array(n), (p) => p.offsets),
    groups: cat(new Int32Array(n), (p) => p.groups),
  };
}
