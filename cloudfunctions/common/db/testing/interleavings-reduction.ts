/**
 * The partial-order reduction of the interleaving explorer (interleavings.ts): sleep sets
 * (Godefroid 1996, "Partial-Order Methods for the Verification of Concurrent Systems", ch. 5).
 *
 * A step is one operation's gated request let go, its answer, and that operation's code up to its
 * next gate (nothing else runs meanwhile: the other operations wait at their gates). Two steps of
 * different operations are independent when neither touches what the other writes: then either
 * order from a state reaches the same state, and the walk needs only one. Each step's accesses are
 * learned when it runs: its request's own (read or write of a collection, or of cloud storage),
 * every ungated request its code sends meanwhile (`Gate.touch`), and the clock when its code reads
 * it (every read moves the test's clock, so two steps that read it do not commute).
 *
 * Sleep sets: after the walk has explored step t from state s, each later sibling u explored from s
 * carries t into its subtree while the steps taken there are independent of t: any run that takes
 * t there is a reordering of one already explored from s·t. A state whose every waiting step is
 * asleep is left (every run through it was run elsewhere). Sleep sets alone keep every reachable
 * state, so every final state and every verdict of the full walk; interleavings.test.ts checks
 * that on random small programs against the full walk.
 */

/** What a step touches: a resource (a collection, 'storage', 'clock') read or written. */
export interface Access {
  on: string;
  write: boolean;
}

/** Touches everything: a gate that says nothing of its request conflicts with every step. */
export const ANY: Access = { on: '*', write: true };

/** The clock: each read moves it, so it counts as a write. */
export const CLOCK: Access = { on: 'clock', write: true };

/** A step known by its operation and its accesses. */
export interface Step {
  op: number;
  accesses: readonly Access[];
}

const conflict = (a: Access, b: Access): boolean => (a.write || b.write) && (a.on === b.on || a.on === '*' || b.on === '*');

/** Whether two steps commute: different operations, and neither touches what the other writes. */
export function independent(u: Step, t: Step): boolean {
  return u.op !== t.op && !u.accesses.some((a) => t.accesses.some((b) => conflict(a, b)));
}

/** One depth of the walk: the steps waiting there (by key), the one taken, what is asleep or done. */
export interface Frame {
  keys: string[];
  ops: number[];
  pick: number;
  /** The accesses of the step taken, once it has run. */
  accesses?: Access[];
  /** Steps not to take here (explored from an ancestor, and independent of every step since). */
  sleep: Map<string, Step>;
  /** Siblings explored from here, with their accesses. */
  done: Map<string, Step>;
}

/** The first waiting step of `f` neither asleep nor done, or -1. */
export const nextPick = (f: Pick<Frame, 'keys' | 'sleep' | 'done'>, from = 0): number => {
  for (let i = from; i < f.keys.length; i++) if (!f.sleep.has(f.keys[i]) && !f.done.has(f.keys[i])) return i;
  return -1;
};

/** The sleep set of the state after `parent`'s step: its sleep and done steps that commute with it. */
export function childSleep(parent: Frame): Map<string, Step> {
  const taken: Step = { op: parent.ops[parent.pick], accesses: parent.accesses ?? [ANY] };
  const sleep = new Map<string, Step>();
  for (const m of [parent.sleep, parent.done]) for (const [k, u] of m) if (independent(u, taken)) sleep.set(k, u);
  return sleep;
}

/**
 * After a run: the deepest frame with a step left to explore moves to it (frames below it go);
 * false when the walk is over.
 */
export function backtrack(frames: Frame[]): boolean {
  while (frames.length) {
    const f = frames[frames.length - 1];
    f.done.set(f.keys[f.pick], { op: f.ops[f.pick], accesses: f.accesses ?? [ANY] });
    const next = nextPick(f);
    if (next >= 0) {
      f.pick = next;
      f.accesses = undefined;
      return true;
    }
    frames.pop();
  }
  return false;
}
