/**
 * Combines the operations of several events into one update per profile: integer increments add,
 * min/max keep the extreme, sets of the constant 1 coincide. One atomic update per batch keeps the
 * database round trips at one per customer, and is equivalent to applying the events one by one.
 */
import type { DeltaOp } from './types';

/** Database-neutral update: dotted path → value, per operator. */
export interface UpdateSpec {
  inc: Record<string, number>;
  min: Record<string, number>;
  max: Record<string, number>;
  set: Record<string, number>;
}

/** Raised when two operations with different operators target the same path (a reducer bug). */
export class ConflictingOpsError extends Error {
  override name = 'ConflictingOpsError';
}

/** Merges many deltas into one {@link UpdateSpec}. */
export function combineDeltas(deltas: Iterable<readonly DeltaOp[]>): UpdateSpec {
  const spec: UpdateSpec = { inc: {}, min: {}, max: {}, set: {} };
  const seen = new Map<string, DeltaOp['op']>();
  for (const ops of deltas) {
    for (const { op, path, value } of ops) {
      const key = path.join('.');
      const prev = seen.get(key);
      if (prev !== undefined && prev !== op) throw new ConflictingOpsError(`${key}: ${prev} and ${op}`);
      seen.set(key, op);
      const bag = spec[op];
      const cur = bag[key];
      if (cur === undefined) bag[key] = value;
      else if (op === 'inc') bag[key] = cur + value;
      else if (op === 'min') bag[key] = Math.min(cur, value);
      else if (op === 'max') bag[key] = Math.max(cur, value);
      else bag[key] = value;
    }
  }
  return spec;
}

/** The spec as DeltaOps again (for in-memory application in tests and ports). */
export function specOps(spec: UpdateSpec): DeltaOp[] {
  const out: DeltaOp[] = [];
  for (const op of ['inc', 'min', 'max', 'set'] as const) {
    for (const [k, value] of Object.entries(spec[op])) out.push({ op, path: k.split('.'), value });
  }
  return out;
}
