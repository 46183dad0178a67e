/**
 * The refit's memory against the function's. A container over its memory (CloudBase 内存配置,
 * config.json `memorySize`) is killed mid-step, and the timer would start the same step again
 * every 10 minutes for ever; so a refit checks, before its first fit step, that the shop's buyers
 * fit in the memory this instance has, and otherwise ends at once with outcome
 * `too_big_for_memory` and a message saying which memory to set.
 *
 * The need per buyer is measured, not guessed: `npm run bench -- value --memory-only` runs a whole
 * refit:value in 40 s ticks in fresh processes with the function's bundle and reports the largest
 * peak RSS and heap of any step. {@link refitMemoryMb} is two lines through those figures with
 * head-room (README "Deploy"; models/value/history/speed-and-memory.md "Memory and storage in the
 * function").
 */
import v8 from 'node:v8';

const MB = 1024 * 1024;

/**
 * The measured lines (bench value --memory-only, resampled CDNOW customers, a fresh process per
 * 40 s tick): the largest peak RSS of a step was 190 MB at 10,000 customers and 566 MB at 100,000
 * (the binning of all training rows), the largest V8 heap 50 and 287 MB (a cut-off's training rows
 * while the histories are held) — the 100,000 figures before the artifacts were gzipped; as landed
 * it measured 461 MB and 223 MB, so the lines are on the safe side. V8's old space is half the
 * container, so the heap needs twice its size in memory.
 */
export const REFIT_RSS_BASE_MB = 150;
export const REFIT_RSS_MB_PER_1K = 4.2;
export const REFIT_HEAP_BASE_MB = 20;
export const REFIT_HEAP_MB_PER_1K = 2.9;
/** Head-room over the measured lines (glibc and V8 keep freed memory for a while; shops differ). */
export const REFIT_MEMORY_MARGIN = 1.15;

/** MB a refit of `buyers` buyers needs: its peak RSS, or twice its peak heap, with head-room. */
export function refitMemoryMb(buyers: number): number {
  const k = buyers / 1000;
  const rss = REFIT_RSS_BASE_MB + REFIT_RSS_MB_PER_1K * k;
  const heap = REFIT_HEAP_BASE_MB + REFIT_HEAP_MB_PER_1K * k;
  return Math.ceil(Math.max(rss, 2 * heap) * REFIT_MEMORY_MARGIN);
}

/** The most buyers a refit handles in `memoryMb`. */
export function maxRefitBuyers(memoryMb: number): number {
  const m = memoryMb / REFIT_MEMORY_MARGIN;
  const byRss = ((m - REFIT_RSS_BASE_MB) * 1000) / REFIT_RSS_MB_PER_1K;
  const byHeap = ((m / 2 - REFIT_HEAP_BASE_MB) * 1000) / REFIT_HEAP_MB_PER_1K;
  return Math.max(0, Math.floor(Math.min(byRss, byHeap)));
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

/**
 * The refit's answer when the customers' histories and training rows would not fit in this
 * instance's memory: it ends before its first fit step (a container over its memory dies mid-step,
 * and every timer tick would die again at the same step) and says what to set.
 */
export function memoryRefusal(customers: number, memoryMb: number | undefined): Record<string, unknown> | null {
  const needMb = refitMemoryMb(customers);
  if (memoryMb === undefined || needMb <= memoryMb) return null;
  const set = memoryToSet(customers);
  return {
    outcome: 'too_big_for_memory',
    customers,
    needMb,
    memoryMb: Math.round(memoryMb),
    summary:
      needMb > 3072
        ? `${customers} 位客户训练约需 ${needMb} MB 内存，超过云函数最大的 3072 MB，暂不训练`
        : `${customers} 位客户训练约需 ${needMb} MB 内存，value 云函数只有 ${Math.round(memoryMb)} MB：请在云开发控制台把它的内存调到 ${set} MB`,
  };
}
