/**
 * In-memory application of reducer operations: the full rebuild folds events with exactly the
 * operations the incremental path sends to the database (MongoDB `$inc/$min/$max/$set` semantics).
 */
import { emitEventOps, type OpSink } from './delta';
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

function child(node: Obj, k: string): Obj {
  let next = node[k] as Obj | undefined;
  if (next === undefined) node[k] = next = {};
  return next;
}

/** A sink applying each emitted operation to `target` in place (same semantics as {@link applyDelta}). */
export function applySink(target: object): OpSink {
  return (op, value, p0, p1, p2, p3) => {
    let node = target as Obj;
    let leaf = p0;
    if (p1 !== undefined) {
      node = child(node, p0);
      leaf = p1;
      if (p2 !== undefined) {
        node = child(node, p1);
        leaf = p2;
        if (p3 !== undefined) {
          node = child(node, p2);
          leaf = p3;
        }
      }
    }
    const cur = node[leaf] as number | undefined;
    if (op === 'inc') node[leaf] = (cur ?? 0) + value;
    else if (op === 'set') node[leaf] = value;
    else if (op === 'min') node[leaf] = cur === undefined || value < cur ? value : cur;
    else node[leaf] = cur === undefined || value > cur ? value : cur;
  };
}

/** Folds events into `into` (default: an empty profile), in any order: the reducer's emissions applied in place. */
export function foldEvents(
  events: Iterable<StoredEvent>,
  into: ReducedProfile = emptyReduced(),
): ReducedProfile {
  const sink = applySink(into);
  for (const ev of events) emitEventOps(ev, sink);
  return into;
}
