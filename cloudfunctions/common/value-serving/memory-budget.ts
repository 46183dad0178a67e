/**
 * The refit's memory against the function's. A container over its memory (CloudBase 内存配置,
 * config.json `memorySize`) is killed mid-step, and the timer would start the same step again
 * every 10 minutes for ever; so a refit checks, before its first fit step, that the shop's buyers
 * fit in the memory this instance has, and otherwise ends at once with outcome
 * `too_big_for_memory` and a message saying which memory to set.
 *
 * The need per buyer is measured, not guessed: `npm run bench -- value --memory-only` runs a whole
 * refit:value in 40 s ticks in fresh processes with the function's bundle and reports the largest
 * peak RSS of any step (refit_peak_rss_mb). {@link refitMemoryMb} is a line through those figures
 * with head-room (README "Deploy"; models/value/report.md "Memory").
 */
import v8 from 'node:v8';

const MB = 1024 * 1024;

/** Peak RSS of a refit step with no buyers: the function's bundle, the SDK and a page of profiles. */
export const REFIT_BASE_MB = 130;
/** Peak RSS added per 1,000 buyers (the largest of the measured steps, rounded up). */
export const REFIT_MB_PER_1K_BUYERS = 4.5;
/** Head-room over the measured line (glibc and V8 keep freed memory for a while; loads vary). */
export const REFIT_MEMORY_MARGIN = 1.15;

/** MB a refit of `buyers` buyers may reach in one step. */
export function refitMemoryMb(buyers: number): number {
  return Math.ceil((REFIT_BASE_MB + (REFIT_MB_PER_1K_BUYERS * buyers) / 1000) * REFIT_MEMORY_MARGIN);
}

/** The most buyers a refit handles in `memoryMb`. */
export function maxRefitBuyers(memoryMb: number): number {
  return Math.max(0, Math.floor(((memoryMb / REFIT_MEMORY_MARGIN - REFIT_BASE_MB) * 1000) / REFIT_MB_PER_1K_BUYERS));
}

/** V8's young generation at these heap sizes, MB (scavenger semi-spaces; constant from 64 MB up). */
const YOUNG_MB = 48;

/**
 * The memory this instance has, MB. Node sizes V8's old space to half the memory its container
 * allows (uv_get_constrained_memory; the local cloud starts instances the same way), so twice the
 * old space is the container's size; a cgroup limit Node can read directly counts too.
 */
export function instanceMemoryMb(): number {
  const fromHeap = 2 * Math.max(0, v8.getHeapStatistics().heap_size_limit / MB - YOUNG_MB);
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() / MB : 0;
  // An unconstrained process reports 0 or a huge number (no limit): ignore those.
  return constrained > 0 && constrained < fromHeap ? constrained : fromHeap;
}

/** The smallest CloudBase memory size (steps of 128 MB) that holds a refit of `buyers`. */
export function memoryToSet(buyers: number): number {
  return Math.min(3072, Math.ceil(refitMemoryMb(buyers) / 128) * 128);
}
