/**
 * Replays events through the real `track` function: consents first (privacy.setConsent for each
 * customer), then batches of ≤ 100 events (and < 64 KB) per customer, sent by a pool of workers.
 * Options reproduce a hostile network: shuffled arrival order, re-sent events, and whole batches
 * sent twice at the same time (concurrent retries).
 */
import { CONSENT_VERSION } from '../../cloudfunctions/common/consent/policy';
import { TRACK_LIMITS } from '../../cloudfunctions/common/contracts/events';
import type { Invoker } from './invoker';
import type { ReplayEvent } from './map-events';
import { rng, shuffle } from './rng';

/** Options of {@link replay}. */
export interface ReplayOptions {
  batchSize?: number;
  concurrency?: number;
  seed?: number;
  /** Shuffle the arrival order of all events (default false: file order). */
  shuffle?: boolean;
  /** Share of events sent a second time, in a later batch (default 0). */
  duplicateRate?: number;
  /** Share of batches sent twice concurrently (default 0). */
  concurrentRetryRate?: number;
  /** Set consent for every customer first (default true). */
  consent?: boolean;
  /**
   * Send the batches as a trusted history import (`{events, importFor}`) through this invoker — an
   * operator channel (`inProcessImporter`, `sdkImporter`), never a customer's. Needed for history:
   * purchases are server facts and old event times are floored on the client path. Consents still
   * go through `invoke`, as each customer.
   */
  importer?: Invoker;
  onProgress?: (done: number, total: number) => void;
}

/** What a replay did. */
export interface ReplayReport {
  events: number;
  customers: number;
  batches: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  failedCalls: number;
  errors: Record<string, number>;
  ms: number;
  eventsPerSec: number;
  batchLatencyMs: { p50: number; p99: number; max: number };
}

type Batch = { openid: string; events: ReplayEvent['event'][] };

/** Cuts a stream into per-customer batches under the track limits. */
export function toBatches(
  stream: readonly ReplayEvent[],
  batchSize: number = TRACK_LIMITS.maxEvents,
): Batch[] {
  const out: Batch[] = [];
  const open = new Map<string, { b: Batch; bytes: number }>();
  const budget = TRACK_LIMITS.maxBytes - 4096;
  for (const { openid, event } of stream) {
    const size = JSON.stringify(event).length * 3; // worst case UTF-8 for CJK text
    let cur = open.get(openid);
    if (cur && (cur.b.events.length >= batchSize || cur.bytes + size > budget)) {
      out.push(cur.b);
      cur = undefined;
    }
    if (!cur) open.set(openid, (cur = { b: { openid, events: [] }, bytes: 0 }));
    cur.b.events.push(event);
    cur.bytes += size;
  }
  for (const { b } of open.values()) out.push(b);
  return out;
}

/** The p-quantile of sorted numbers. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function pool<T>(items: readonly T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Sets consent for every customer in `openids`. */
export async function grantConsents(
  openids: Iterable<string>,
  invoke: Invoker,
  concurrency = 8,
): Promise<void> {
  await pool([...openids], concurrency, async (openid) => {
    const r = (await invoke('privacy', { action: 'setConsent', version: CONSENT_VERSION }, openid)) as {
      ok: boolean;
      error?: { message: string };
    };
    if (!r.ok) throw new Error(`setConsent for ${openid} failed: ${r.error?.message}`);
  });
}

/** Replays `events` through `invoke`. */
export async function replay(
  events: readonly ReplayEvent[],
  invoke: Invoker,
  o: ReplayOptions = {},
): Promise<ReplayReport> {
  const rand = rng(o.seed ?? 42);
  let stream = [...events];
  const dups = Math.round(stream.length * (o.duplicateRate ?? 0));
  for (let i = 0; i < dups; i++) stream.push(stream[Math.floor(rand() * events.length)]);
  if (o.shuffle || dups > 0) stream = shuffle(stream, rand);
  const batches: Batch[] = [];
  for (const b of toBatches(stream, o.batchSize)) {
    batches.push(b);
    if (rand() < (o.concurrentRetryRate ?? 0)) batches.push(b);
  }
  const customers = new Set(events.map((e) => e.openid));
  if (o.consent !== false) await grantConsents(customers, invoke, o.concurrency);
  const report: ReplayReport = {
    events: events.length,
    customers: customers.size,
    batches: batches.length,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
    failedCalls: 0,
    errors: {},
    ms: 0,
    eventsPerSec: 0,
    batchLatencyMs: { p50: 0, p99: 0, max: 0 },
  };
  const lat: number[] = [];
  const t0 = performance.now();
  let done = 0;
  await pool(batches, o.concurrency ?? 8, async (b) => {
    const s = performance.now();
    const r = (await (o.importer
      ? o.importer('track', { events: b.events, importFor: b.openid }, b.openid)
      : invoke('track', { events: b.events }, b.openid))) as {
      ok: boolean;
      data?: ReplayReport;
      error?: { code: string };
    };
    lat.push(performance.now() - s);
    if (r.ok && r.data) {
      report.accepted += r.data.accepted;
      report.duplicate += r.data.duplicate;
      report.rejected += r.data.rejected;
    } else {
      report.failedCalls++;
      const code = r.error?.code ?? 'UNKNOWN';
      report.errors[code] = (report.errors[code] ?? 0) + 1;
    }
    o.onProgress?.(++done, batches.length);
  });
  report.ms = performance.now() - t0;
  const sent = batches.reduce((n, b) => n + b.events.length, 0);
  report.eventsPerSec = Math.round(sent / (report.ms / 1000));
  lat.sort((a, b) => a - b);
  report.batchLatencyMs = {
    p50: round(quantile(lat, 0.5)),
    p99: round(quantile(lat, 0.99)),
    max: round(lat[lat.length - 1] ?? 0),
  };
  return report;
}

const round = (x: number): number => Math.round(x * 10) / 10;
