/**
 * Seeded randomness shared by training, replay, resampling and in-function refits: the same seed gives the same
 * split, epoch order, bootstrap and workload on every machine.
 */

/** A uniform [0, 1) generator. */
export type Rng = () => number;

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * mulberry32 whose state can be read and restored: a resumable job checkpoints `state` and continues
 * the very same sequence in a later invocation (`next()` equals mulberry32's draws one for one).
 */
export class Mulberry32 {
  state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Continue from a checkpointed `state`. */
  static resume(state: number): Mulberry32 {
    return new Mulberry32(state);
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** FNV-1a hash of a string mixed with a seed (stable per key, independent of call order). */
export function hash32(key: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Fisher–Yates shuffle in place; returns `xs`. */
export function shuffle<T>(xs: T[], rand: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** Standard normal via Box–Muller. */
export function gaussian(rand: Rng): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rand: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** `m` distinct indices from 0..n-1 (all of them when m ≥ n). */
export function sampleIndices(n: number, m: number, rand: Rng): Int32Array {
  return m >= n ? permutation(n, rand) : permutation(n, rand).slice(0, m);
}

/** Gamma(k, 1) variate (Marsaglia–Tsang; k < 1 by boosting). Scale it for Gamma(k, θ). */
export function gammaVariate(k: number, rand: Rng): number {
  if (k < 1) return gammaVariate(k + 1, rand) * Math.pow(Math.max(rand(), 1e-300), 1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const u1 = Math.max(rand(), 1e-300);
    const u2 = rand();
    const n = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    const v = Math.pow(1 + c * n, 3);
    if (v > 0 && Math.log(Math.max(rand(), 1e-300)) < 0.5 * n * n + d - d * v + Math.log(v)) return d * v;
  }
}

/** Beta(a, b) variate from two gamma variates. */
export function betaVariate(a: number, b: number, rand: Rng): number {
  const x = gammaVariate(a, rand);
  return x / (x + gammaVariate(b, rand));
}
