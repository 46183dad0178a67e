/**
 * In-memory application of reducer operations: the full rebuild folds events with exactly the
 * operations the incremental path sends to the database (MongoDB `$inc/$min/$max/$set` semantics).
 */
import { eventDelta } from './delta';
import type { DeltaOp, ReducedProfile, StoredEvent } from './types';

type Obj = Record<string, unknown>;

/** Applies `ops` to `target` in place (missing parents are created, like MongoDB does). */
export function applyDelta<T extends object>(target: T, ops: readonly DeltaOp[]): T {
  for (const { op, path, value } of ops) {
    let node = target as Obj;
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i];
      let next = node[k] as Obj | undefined;
      if (next === undefined) node[k] = next = {};
      node = next;
    }
    const leaf = path[path.length - 1];
    const cur = node[leaf] as number | undefined;
    if (op === 'inc') node[leaf] = (cur ?? 0) + value;
    else if (op === 'set') node[leaf] = value;
    else if (op === 'min') node[leaf] = cur === undefined || value < cur ? value : cur;
    else node[leaf] = cur === undefined || value > cur ? value : cur;
  }
  return target;
}

/** An empty reduced profile. */
export function emptyReduced(): ReducedProfile {
  return { d: {} };
}

/** Folds events into `into` (default: an empty profile), in any order. */
export function foldEvents(
  events: Iterable<StoredEvent>,
  into: ReducedProfile = emptyReduced(),
): ReducedProfile {
  for (const ev of events) applyDelta(into, eventDelta(ev));
  return into;
}
