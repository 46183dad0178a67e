/**
 * A function instance's memory, as the cloud limits it. CloudBase documents one setting per
 * function, 内存配置 ("云函数运行时的最大内存限制", default 256 MB, 64–3072 MB); a container over
 * it is killed. The local cloud gives an instance what Node sees in such a container and kills it
 * the same way:
 * - V8's heap: Node sizes it from the memory it may use (uv_get_constrained_memory → V8
 *   ConfigureDefaults: old space = half of it on 64-bit without pointer compression), so an
 *   instance starts with `--max-old-space-size` = memorySize / 2, the limit it would get there;
 * - the process: its peak resident set (VmHWM of /proc/<pid>/status, which no short spike between
 *   two looks escapes) must stay within memorySize, or the invocation fails and the instance dies.
 */
import fs from 'node:fs';

/** CloudBase's default 内存配置, MB (what a function gets unless its config.json says more). */
export const DEFAULT_MEMORY_MB = 256;
/** The documented range, MB. */
export const MIN_MEMORY_MB = 64;
export const MAX_MEMORY_MB = 3072;

/** True for a size the console offers: 64, 128, then steps of 128 up to 3072 MB. */
export function isMemoryOption(mb: number): boolean {
  return Number.isInteger(mb) && (mb === 64 || (mb >= 128 && mb <= MAX_MEMORY_MB && mb % 128 === 0));
}

/** Node flags of an instance with `memoryMb`: the V8 old space Node derives in such a container. */
export function heapLimitArgs(memoryMb: number): string[] {
  return [`--max-old-space-size=${Math.floor(memoryMb / 2)}`];
}

/** Peak resident set of process `pid` so far, MB; null where /proc is not there (not Linux). */
export function peakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+)\s*kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
