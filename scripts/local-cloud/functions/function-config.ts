/**
 * A cloud function's `config.json` (WeChat DevTools format) and the discovery of function folders.
 * A function = a folder under the functions root with an `index.ts`/`index.js` and a `config.json`;
 * `common/` (shared code) and dot-folders are not functions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MEMORY_MB, isMemoryOption } from './memory-limit';

/** WeChat caps one invocation at 60 s (CloudBase itself offers up to 900 s: the stricter one). */
export const MAX_TIMEOUT_S = 60;
/**
 * A function that declares no `timeout` runs with the cloud's default: CloudBase's function
 * configuration page, "超时时间 … 默认 3 秒" (docs.cloudbase.net cloud-function/function-configuration/config).
 * Not 60: a batch function that forgot its `timeout` must fail here as it would in production.
 */
export const DEFAULT_TIMEOUT_S = 3;

/**
 * Body limit of a gateway call when config.json declares no `maxEventBytes`: 16 KB is ~3× the
 * largest event the product's functions take besides track (a 50-line order, a campaign with its
 * message fields), and small enough that 40 parallel bodies cost under 1 MB.
 */
export const DEFAULT_EVENT_BYTES = 16 * 1024;
/**
 * Ceiling of `maxEventBytes`, and the event of any function call (a mini program's or another
 * function's `cloud.callFunction`): CloudBase's EXCEED_MAX_PAYLOAD_SIZE page, "云函数请求体最大限制：
 * 文本类型请求体 100KB，其他类型请求体 6MB" — a call's data is JSON text, and WeChat's callFunction
 * reference tells developers to move fields over 100 KB to `wx.cloud.CDN` ("建议临界值 100KB").
 */
export const MAX_EVENT_BYTES = 100 * 1024;
/**
 * What a function may answer a mini program or another function: CloudBase's
 * EXCEED_MAX_RESPONSE_SIZE page, "响应大小超过最大响应 1MB 限制" (its remedy for exports: a file in
 * cloud storage and a temporary URL). SCF's quota table allows a synchronous call 6 MB each way
 * (同步请求事件大小 / 同步请求响应大小); the CloudBase pages do not exempt calls between functions,
 * so the stricter figures apply to every caller.
 */
export const MAX_CLIENT_RESPONSE_BYTES = 1024 * 1024;

const triggerSchema = z.object({
  name: z.string().min(1),
  type: z.literal('timer'),
  config: z.string().min(1),
});

/** Zod schema of `config.json`; unknown keys are kept (WeChat tools add their own). */
export const functionConfigSchema = z
  .object({
    permissions: z.object({ openapi: z.array(z.string()).default([]) }).partial().optional(),
    triggers: z.array(triggerSchema).max(1, 'WeChat allows one timer trigger per function').optional(),
    timeout: z.number().positive().optional(),
    // 内存配置 in MB (CloudBase's key name; set it in the console too, README "Deploy").
    memorySize: z
      .number()
      .refine(isMemoryOption, 'memorySize must be 64, 128 or a multiple of 128 up to 3072 (MB)')
      .optional(),
    // Local-cloud extension (other tools ignore unknown keys): the h5 gateway's body limit.
    maxEventBytes: z.number().int().positive().max(MAX_EVENT_BYTES).optional(),
  })
  .passthrough();

/** A timer trigger as declared in config.json. */
export type TriggerDecl = z.infer<typeof triggerSchema>;

/** One discovered function. */
export interface FunctionDef {
  name: string;
  /** Absolute path of the function's source folder. */
  srcDir: string;
  /** Timeout per invocation in ms (config `timeout` seconds, default 3 s, cap 60 s). */
  timeoutMs: number;
  triggers: TriggerDecl[];
  /** openapi permissions declared (e.g. `subscribeMessage.send`). */
  openapi: string[];
  /** Largest event body the h5 gateway accepts for this function (config `maxEventBytes`). */
  maxEventBytes: number;
  /** Memory of an instance, MB (config `memorySize`, default CloudBase's 256): memory-limit.ts. */
  memoryMb: number;
}

/** Raised for a function folder whose config.json is unreadable or invalid. */
export class FunctionConfigError extends Error {
  override name = 'FunctionConfigError';
}

/** Reads and validates one function folder's config.json. */
export function readFunctionDef(srcDir: string): FunctionDef {
  const name = path.basename(srcDir);
  const file = path.join(srcDir, 'config.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FunctionConfigError(`function ${name}: cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = functionConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new FunctionConfigError(`function ${name}: invalid config.json: ${why}`);
  }
  const timeoutS = Math.min(parsed.data.timeout ?? DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S);
  return {
    name,
    srcDir: path.resolve(srcDir),
    timeoutMs: Math.round(timeoutS * 1000),
    triggers: parsed.data.triggers ?? [],
    openapi: parsed.data.permissions?.openapi ?? [],
    maxEventBytes: parsed.data.maxEventBytes ?? DEFAULT_EVENT_BYTES,
    memoryMb: parsed.data.memorySize ?? DEFAULT_MEMORY_MB,
  };
}

/** True when `dir` looks like a function folder (entry + config.json, not `common`). */
export function isFunctionDir(dir: string): boolean {
  const base = path.basename(dir);
  if (base === 'common' || base.startsWith('.') || base === 'node_modules') return false;
  const hasEntry = fs.existsSync(path.join(dir, 'index.ts')) || fs.existsSync(path.join(dir, 'index.js'));
  return hasEntry && fs.existsSync(path.join(dir, 'config.json'));
}

/** All functions under `functionsDir`, sorted by name. Missing folder → none. */
export function discoverFunctions(functionsDir: string): FunctionDef[] {
  if (!fs.existsSync(functionsDir)) return [];
  return fs
    .readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isFunctionDir(path.join(functionsDir, d.name)))
    .map((d) => readFunctionDef(path.join(functionsDir, d.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
}
