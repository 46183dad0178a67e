/**
 * `npm run bench -- ingest [events=50000] [instances=2] [concurrency=8] [via=gateway|invoke]`
 *
 * End to end: resampled Taobao events (seeded) are sent in 100-event batches per customer to the
 * REAL track function of a full local cloud — through the h5 gateway over HTTP with a dev session
 * per customer (like the h5 app), or in-process `invokeFunction` — where the function's esbuild
 * bundle runs in the instance pool and writes through the real wx-server-sdk into the local cloud.
 * Consents are set first (not timed). Reports events/s, p50/p99 batch latency, and where the time
 * goes: database requests per batch and the server-side time spent in database handlers, CPU
 * milliseconds per batch in the cloud process (HTTP server, gateway, database) and in the track
 * instances (function, SDK, IPC; from /proc), and a baseline of the same pipeline run in this
 * process (real SDK, no function runtime). CPU per batch × batches/s vs the cores available tells
 * whether a run was CPU-bound or starved by neighbours (the box is shared). The track instances are
 * started and warmed by a few untimed calls first (cold start is printed, not counted).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import {
  wxConsentStore,
  wxDeadLetterStore,
  wxEventStore,
  wxProfileStore,
} from '../../cloudfunctions/common/db/wx-ports';
import { handleTrack } from '../../cloudfunctions/track/pipeline';
import { applyLocalIndexes } from '../db/init';
import { startFullCloud } from '../local-cloud/cloud';
import type { AdminRequest } from '../local-cloud/server/actions';
import { gatewayInvoker, inProcessInvoker } from '../replay/invoker';
import { mapTaobao } from '../replay/map-events';
import { resampleTaobao } from '../replay/resample';
import { grantConsents, quantile, replay, toBatches } from '../replay/replay';
import { readTaobao } from '../replay/sources';
import { sdkDatabase } from '../seed/sdk-db';
import { sharedDataDir } from '../../test/helpers/shared-data';

const DB_ACTIONS = ['getDocument', 'insertDocument', 'modifyDocument', 'removeDocument', 'calculateDocument'];

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 elsewhere. */
function procCpuSeconds(pid: number | undefined): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

export default {
  async run(args: string[]): Promise<Record<string, unknown>> {
    const n = Number(args[0] ?? 50_000);
    const instances = Number(args[1] ?? 2);
    const concurrency = Number(args[2] ?? 8);
    const via = args[3] ?? 'gateway';
    const dir = sharedDataDir();
    if (!dir) throw new Error('ingest bench needs ../shared/data (the Taobao sample to resample)');
    const events = mapTaobao(resampleTaobao(readTaobao(dir), n, { seed: 7, prefix: 'ig' }), [], {
      prefix: 'ig',
    });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-bench-ingest-'));
    const cloud = await startFullCloud({
      dataDir: path.join(root, 'data'),
      buildDir: path.join(root, 'fn'),
      timers: false,
      maxInstances: instances,
      log: () => undefined,
      prepare: true,
    });
    try {
      await applyLocalIndexes(cloud.db);
      const invoke = via === 'invoke' ? inProcessInvoker(cloud) : gatewayInvoker(cloud.url);
      const customers = [...new Set(events.map((e) => e.openid))];
      await grantConsents(customers, invoke, concurrency);
      // Warm-up (not timed): rounds of `instances` concurrent track calls of other customers start
      // every instance (bundle load) and warm its code paths, so the timed run and its CPU per
      // batch measure steady state — a live app's instances stay warm between calls.
      const warm = toBatches(
        mapTaobao(resampleTaobao(readTaobao(dir), 5_000, { seed: 9, prefix: 'wu' }), [], { prefix: 'wu' }),
      ).slice(0, 4 * instances);
      await grantConsents(new Set(warm.map((b) => b.openid)), invoke, concurrency);
      const w0 = performance.now();
      for (let i = 0; i < warm.length; i += instances)
        await Promise.all(warm.slice(i, i + instances).map((b) => invoke('track', { events: b.events }, b.openid)));
      const warmupMs = performance.now() - w0;
      // instrument the database wire (server side, in this process)
      const dbStats = { requests: 0, ms: 0 };
      for (const a of DB_ACTIONS) {
        const h = cloud.registry.resolve(`database.${a}`)!;
        cloud.registry.register(`database.${a}`, async (req: AdminRequest) => {
          const t = performance.now();
          try {
            return await h(req);
          } finally {
            dbStats.requests++;
            dbStats.ms += performance.now() - t;
          }
        });
      }
      const pids = () => cloud.runtime.instances('track').map((i) => i.pid);
      console.log(`warm-up (not timed): ${warm.length} track calls starting ${pids().length} instances in ${Math.round(warmupMs)} ms`);
      const fnCpu0 = new Map(pids().map((p) => [p, procCpuSeconds(p)]));
      const cpu0 = process.cpuUsage();
      const r = await replay(events, invoke, { consent: false, concurrency });
      const cpu = process.cpuUsage(cpu0);
      const fnCpuS = pids().reduce<number>((sum, p) => sum + procCpuSeconds(p) - (fnCpu0.get(p) ?? 0), 0);
      const cloudCpuS = (cpu.user + cpu.system) / 1e6;
      console.log(
        `CPU per batch: cloud process ${((cloudCpuS * 1000) / r.batches).toFixed(1)} ms (server, gateway, database), track instances ${((fnCpuS * 1000) / r.batches).toFixed(1)} ms (function + SDK + IPC)`,
      );
      console.log(
        `end to end: ${r.accepted} events in ${(r.ms / 1000).toFixed(1)} s = ${r.eventsPerSec} events/s; batch p50 ${r.batchLatencyMs.p50} ms, p99 ${r.batchLatencyMs.p99} ms`,
      );
      console.log(
        `database: ${(dbStats.requests / r.batches).toFixed(1)} requests/batch, ${(dbStats.ms / r.batches).toFixed(2)} ms/batch in handlers; cloud process CPU ${(((cpu.user + cpu.system) / 1000 / r.ms) * 100).toFixed(0)}% of one core`,
      );

      // baseline: the same pipeline in this process through the real SDK (no function runtime)
      const db = new Db(sdkDatabase(cloud.url));
      const ports = {
        events: wxEventStore(db),
        profiles: wxProfileStore(db),
        consents: wxConsentStore(db),
        deadLetters: wxDeadLetterStore(db),
      };
      const base = toBatches(
        mapTaobao(resampleTaobao(readTaobao(dir), 10_000, { seed: 8, prefix: 'bl' }), [], { prefix: 'bl' }),
      ).slice(0, 100);
      await grantConsents(new Set(base.map((b) => b.openid)), invoke, concurrency);
      const lat: number[] = [];
      const b0 = performance.now();
      let k = 0;
      for (const b of base) {
        const t = performance.now();
        await handleTrack(
          { events: b.events },
          {
            openid: b.openid,
            now: Date.now(),
            batchId: `bl${k++}`,
            ports,
            scorer: null,
            log: () => undefined,
            profile: 'none',
          },
        );
        lat.push(performance.now() - t);
      }
      const baseEvents = base.reduce((s, b) => s + b.events.length, 0);
      const baseS = (performance.now() - b0) / 1000;
      lat.sort((a, b) => a - b);
      console.log(
        `baseline (pipeline in-process, real SDK, sequential): ${Math.round(baseEvents / baseS)} events/s, p50 ${quantile(lat, 0.5).toFixed(1)} ms/batch`,
      );
      return {
        via,
        events: r.accepted,
        batches: r.batches,
        seconds: Number((r.ms / 1000).toFixed(2)),
        events_per_s: r.eventsPerSec,
        batch_p50_ms: r.batchLatencyMs.p50,
        batch_p99_ms: r.batchLatencyMs.p99,
        failed_calls: r.failedCalls,
        db_requests_per_batch: Number((dbStats.requests / r.batches).toFixed(2)),
        db_handler_ms_per_batch: Number((dbStats.ms / r.batches).toFixed(2)),
        cloud_process_cpu_pct: Math.round(((cpu.user + cpu.system) / 1000 / r.ms) * 100),
        cpu_ms_per_batch_cloud: Number(((cloudCpuS * 1000) / r.batches).toFixed(1)),
        cpu_ms_per_batch_instances: Number(((fnCpuS * 1000) / r.batches).toFixed(1)),
        baseline_inprocess_events_per_s: Math.round(baseEvents / baseS),
        baseline_inprocess_p50_ms: Number(quantile(lat, 0.5).toFixed(1)),
        instances,
        concurrency,
        warmup_ms: Math.round(warmupMs),
        goal_events_per_s: 20_000,
        cores: os.cpus().length,
        load_avg_1m: Number(os.loadavg()[0].toFixed(2)),
      };
    } finally {
      await cloud.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
};
