/**
 * Measuring helpers of the ingest bench: database requests counted where the local cloud answers
 * them (every `database.*` action of `/admin`, per action), CPU from /proc, a pool that sends
 * prepared batches through an invoker, and medians.
 */
import fs from 'node:fs';
import type { ActionRegistry, AdminRequest } from '../local-cloud/server/actions';
import type { Invoker } from '../replay/invoker';
import { quantile } from '../replay/replay';

/** Every database action the local cloud answers (see db/database-actions.ts). */
const DB_ACTIONS = [
  'getDocument', 'calculateDocument', 'insertDocument', 'modifyDocument', 'modifyAndReturnDoc', 'removeDocument',
  'aggregateDocuments', 'startTransaction', 'commitTransaction', 'abortTransaction', 'getInTransaction',
  'updateDocInTransaction', 'insertDocInTransaction', 'deleteDocInTransaction',
];

/** Requests and handler time per database action since the last reset. */
export interface DbCounter {
  total(): { requests: number; ms: number };
  byAction(): Record<string, { requests: number; ms: number }>;
  reset(): void;
}

/** Wraps every registered database action of `registry` with a counter. */
export function countDatabaseRequests(registry: ActionRegistry): DbCounter {
  let stats: Record<string, { requests: number; ms: number }> = {};
  for (const a of DB_ACTIONS) {
    const h = registry.resolve(`database.${a}`);
    if (!h) continue;
    registry.register(`database.${a}`, async (req: AdminRequest) => {
      const t = performance.now();
      try {
        return await h(req);
      } finally {
        const s = (stats[a] ??= { requests: 0, ms: 0 });
        s.requests++;
        s.ms += performance.now() - t;
      }
    });
  }
  return {
    total: () => Object.values(stats).reduce((t, s) => ({ requests: t.requests + s.requests, ms: t.ms + s.ms }), { requests: 0, ms: 0 }),
    byAction: () => structuredClone(stats),
    reset: () => void (stats = {}),
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 elsewhere. */
export function procCpuSeconds(pid: number | undefined): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** A batch of one customer. */
export interface Batch {
  openid: string;
  events: unknown[];
}

/** What sending a list of batches did. */
export interface SendReport {
  batches: number;
  events: number;
  accepted: number;
  failedCalls: number;
  ms: number;
  p50: number;
  p99: number;
}

/** Sends `batches` in order with `concurrency` calls in flight; latency per call. */
export async function sendBatches(batches: readonly Batch[], invoke: Invoker, concurrency: number): Promise<SendReport> {
  const lat: number[] = [];
  let next = 0;
  let accepted = 0;
  let failedCalls = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, batches.length) }, async () => {
      while (next < batches.length) {
        const b = batches[next++];
        const s = performance.now();
        const r = (await invoke('track', { events: b.events }, b.openid)) as { ok: boolean; data?: { accepted: number } };
        lat.push(performance.now() - s);
        if (r.ok && r.data) accepted += r.data.accepted;
        else failedCalls++;
      }
    }),
  );
  const ms = performance.now() - t0;
  lat.sort((a, b) => a - b);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    batches: batches.length,
    events: batches.reduce((n, b) => n + b.events.length, 0),
    accepted,
    failedCalls,
    ms,
    p50: r1(quantile(lat, 0.5)),
    p99: r1(quantile(lat, 0.99)),
  };
}

/** Median of numbers (the lower middle for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? 0;
}
