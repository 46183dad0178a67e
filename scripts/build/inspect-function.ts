/**
 * Inspects one built function folder for what WeChat's cloud will enforce: zipped size, the
 * declared runtime, the newest glibc its native files need, openapi calls vs the permissions in config.json, timer
 * triggers that must be valid 7-field cron expressions, a declared timeout (the console's default is
 * 3 s), and the memory it needs (config.json
 * `memorySize`, one of CloudBase's sizes; set it in the console, README "Deploy").
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S } from '../local-cloud/functions/function-config';
import { DEFAULT_MEMORY_MB, isMemoryOption } from '../local-cloud/functions/memory-limit';
import { validateTriggerCron } from '../local-cloud/timers/cron';
import { CLOUD_RUNTIME } from './cloud-runtime';
import { compareGlibc, maxGlibc } from './elf-glibc';
import { zipBytes } from './zip-size';

/** Limits of the production cloud. */
export const LIMITS = { zipBytes: 20 * 1024 * 1024, glibc: '2.17', weappPackageBytes: 2 * 1024 * 1024 } as const;

/** What {@link inspectFunction} found in one package. */
export interface FunctionReport {
  name: string;
  zipBytes: number;
  maxGlibc: string | null;
  openapiUsed: string[];
  openapiDeclared: string[];
  /** 内存配置 the function needs, MB (config.json memorySize; CloudBase's default 256 when absent) */
  memoryMb: number;
  /** 超时时间 to set in the console, s (config.json timeout; CloudBase's default 3 when absent) */
  timeoutS: number;
  problems: string[];
}

function nativeFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) nativeFiles(p, out);
    else if (/\.node$|\.so(\.\d+)*$/.test(e.name)) out.push(p);
  }
  return out;
}

/** openapi methods a bundle calls, e.g. `subscribeMessage.send`, from `.openapi.<ns>.<method>(`. */
export function openapiCalls(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\.openapi\.([A-Za-z]+)\.([A-Za-z]+)\s*\(/g)) found.add(`${m[1]}.${m[2]}`);
  return [...found].sort();
}

/** Checks `dir` (a built function folder) against the production limits. */
export function inspectFunction(dir: string): FunctionReport {
  const name = path.basename(dir);
  const problems: string[] = [];
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as {
    runtime?: string;
    permissions?: { openapi?: string[] };
    triggers?: Array<{ name?: string; type?: string; config?: string }>;
    memorySize?: unknown;
    timeout?: unknown;
  };
  if (config.runtime !== CLOUD_RUNTIME)
    problems.push(`config.json runtime is ${config.runtime ?? 'missing'}; every function deploys to ${CLOUD_RUNTIME}`);
  const zip = zipBytes(dir);
  if (zip > LIMITS.zipBytes) problems.push(`zipped package is ${(zip / 1048576).toFixed(1)} MB, over WeChat's 20 MB`);

  let newest: string | null = null;
  for (const f of nativeFiles(dir)) {
    const v = maxGlibc(f);
    if (v && compareGlibc(v, LIMITS.glibc) > 0)
      problems.push(`${path.relative(dir, f)} needs GLIBC_${v}; the cloud runtime (CentOS 7) has ${LIMITS.glibc}`);
    if (v && (!newest || compareGlibc(v, newest) > 0)) newest = v;
  }

  const used = openapiCalls(fs.readFileSync(path.join(dir, 'index.js'), 'utf8'));
  const declared = config.permissions?.openapi ?? [];
  for (const u of used)
    if (!declared.includes(u)) problems.push(`calls openapi ${u} but config.json permissions.openapi does not declare it`);
  for (const d of declared) if (!used.includes(d)) problems.push(`declares openapi ${d} but never calls it (declare exactly what is used)`);

  const triggers = config.triggers ?? [];
  if (triggers.length > 1) problems.push(`has ${triggers.length} triggers; WeChat allows one per function`);
  for (const t of triggers) {
    if (t.type !== 'timer') problems.push(`trigger ${t.name ?? '?'} has type ${t.type}; only "timer" exists`);
    const err = validateTriggerCron(t.config ?? '');
    if (err) problems.push(`trigger ${t.name ?? '?'} cron "${t.config}": ${err}`);
  }
  const memoryMb = config.memorySize ?? DEFAULT_MEMORY_MB;
  if (typeof memoryMb !== 'number' || !isMemoryOption(memoryMb))
    problems.push(`config.json memorySize ${JSON.stringify(memoryMb)} is not a CloudBase size (64, 128, then steps of 128 up to 3072 MB)`);
  // Without a declared timeout the console's default (3 s) applies; every function here does
  // database work that can take longer under load, the batch functions 40 s per call.
  const timeoutS = config.timeout;
  if (typeof timeoutS !== 'number' || !(timeoutS >= 1 && timeoutS <= MAX_TIMEOUT_S))
    problems.push(`config.json timeout ${JSON.stringify(timeoutS ?? null)} must be 1–${MAX_TIMEOUT_S} s (without it the cloud's default of ${DEFAULT_TIMEOUT_S} s applies)`);
  return {
    name,
    zipBytes: zip,
    maxGlibc: newest,
    openapiUsed: used,
    openapiDeclared: declared,
    memoryMb: typeof memoryMb === 'number' ? memoryMb : DEFAULT_MEMORY_MB,
    timeoutS: typeof timeoutS === 'number' ? timeoutS : DEFAULT_TIMEOUT_S,
    problems,
  };
}
