/**
 * Entry of one function instance (a child process, like one container of the cloud).
 * Loads the function bundle once (cold start), then runs one invocation at a time, setting the
 * per-invocation WX_* / TCB_SOURCE variables that `cloud.getWXContext()` reads, and clearing
 * them afterwards so nothing of call A is visible in call B.
 * Bundled by the runtime into a plain JS file so forking costs no TypeScript loader.
 */
import type { InstanceMessage, InvokeMessage, WireError } from './ipc';

const bundlePath = process.env.QX_FUNCTION_BUNDLE ?? '';
let current: string | null = null;
let touchedKeys: string[] = [];

function send(msg: InstanceMessage): void {
  process.send?.(msg);
}

function toWire(err: unknown): WireError {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  if (err && typeof err === 'object') {
    const o = err as { errMsg?: unknown; message?: unknown };
    const message = typeof o.errMsg === 'string' ? o.errMsg : typeof o.message === 'string' ? o.message : safeJson(err);
    return { name: 'Error', message };
  }
  return { name: 'Error', message: String(err) };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A crash outside any awaited promise of the function: report it and let the instance die. */
function crash(err: unknown): void {
  if (current) send({ type: 'result', id: current, ok: false, error: toWire(err), fatal: true });
  else send({ type: 'load-error', error: toWire(err) });
  setTimeout(() => process.exit(1), 20);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

type Main = (event: unknown, context: unknown) => unknown;
let main: Main;
const t0 = performance.now();
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(bundlePath) as { main?: Main; default?: { main?: Main } };
  const fn = mod.main ?? mod.default?.main;
  if (typeof fn !== 'function') throw new Error(`${bundlePath} does not export main(event, context)`);
  main = fn;
  send({ type: 'ready', loadMs: performance.now() - t0 });
} catch (err) {
  send({ type: 'load-error', error: toWire(err) });
  setTimeout(() => process.exit(1), 20);
}

async function invoke(msg: InvokeMessage): Promise<void> {
  current = msg.id;
  touchedKeys = Object.keys(msg.env);
  for (const [k, v] of Object.entries(msg.env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const result = await main(msg.event, msg.context);
    let json: string | undefined;
    try {
      json = result === undefined ? undefined : JSON.stringify(result);
    } catch (err) {
      throw new Error(`function result is not JSON-serialisable: ${(err as Error).message}`);
    }
    send({ type: 'result', id: msg.id, ok: true, json });
  } catch (err) {
    send({ type: 'result', id: msg.id, ok: false, error: toWire(err) });
  } finally {
    for (const k of touchedKeys) delete process.env[k];
    current = null;
  }
}

process.on('message', (msg: InvokeMessage) => {
  if (msg?.type === 'invoke') void invoke(msg);
});
process.on('disconnect', () => process.exit(0));
