/**
 * `npm run bench -- profiles [events=1000000]` — full rebuild of profiles from raw events.
 *
 * Setup (not timed): resample the Taobao sample to N events (scripts/replay/resample.ts, seeded),
 * map them to stored events exactly as `track` stores them, and load them into a fresh local
 * cloud store (LMDB + in-memory mirror, `openid` index) through the in-process handle.
 *
 * Timed:
 * - `rebuild`: for every customer, fetch its events from the store engine by the `openid` index
 *   (in-process, no HTTP, mirror objects) and run `rebuildReduced` — the same reducer as the
 *   incremental path, plus compaction — to a finished profile. This is "the rebuild reducer over
 *   events fetched from the store". Peak RSS / heap are sampled every 20 ms during it.
 * - `reducer_only`: the same fold over events already in memory (the reducer's own cost).
 * - `write`: storing the rebuilt profiles (durable LMDB commit) — reported separately, and summed
 *   with the rebuild as `rebuild_with_write_seconds` (the README figure: a rebuild is only done
 *   when its profiles are written).
 * Wall seconds and this process's CPU seconds are both reported (the box is shared).
 * `peak_rss_mb` includes the store's in-memory mirror of the 1M events (the local cloud keeps every
 * document in memory); `peak_heap_mb` likewise.
 * This measures the local cloud emulator's in-process store, NOT WeChat cloud's database.
 * Not included: the HTTP/SDK path of the real `rebuild` function (see the ingest bench for the
 * per-call costs of that path); the function pages it in ≤ 40 s calls.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rebuildReduced } from '../../cloudfunctions/common/profile/compact';
import type { StoredEvent } from '../../cloudfunctions/common/profile/types';
import { startLocalCloud } from '../local-cloud';
import { mapTaobao } from '../replay/map-events';
import { unitPriceDistribution } from '../replay/prices';
import { resampleTaobao } from '../replay/resample';
import { readCdnow, readTaobao } from '../replay/sources';
import { toStored } from '../replay/stored';
import { sharedDataDir } from '../../test/helpers/shared-data';

const mb = (b: number) => Math.round(b / 1048576);
// Wall time on a shared 2-core box depends on the neighbours; CPU time of this process does less.
const cpuSeconds = (u: NodeJS.CpuUsage) => Number(((u.user + u.system) / 1e6).toFixed(3));

function sampler(): { stop(): { rss: number; heap: number } } {
  let rss = 0;
  let heap = 0;
  const tick = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  tick();
  const t = setInterval(tick, 20);
  return {
    stop() {
      clearInterval(t);
      tick();
      return { rss, heap };
    },
  };
}

export default {
  defaultRepeats: 3,
  async run(args: string[]): Promise<Record<string, unknown>> {
    const n = Number(args[0] ?? 1_000_000);
    const dir = sharedDataDir();
    if (!dir) throw new Error('profiles bench needs ../shared/data (the Taobao sample to resample)');
    const t0 = performance.now();
    const rows = resampleTaobao(readTaobao(dir), n, { seed: 2017 });
    const stored = mapTaobao(rows, unitPriceDistribution(readCdnow(dir)), { prefix: 'rs' }).map((e) =>
      toStored(e, e.event.clientTs),
    );
    const customers = [...new Set(stored.map((e) => e.openid))];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-bench-profiles-'));
    const cloud = await startLocalCloud({ dataDir, port: 0 });
    try {
      await cloud.db.ensureIndex('events', 'openid');
      const ev = cloud.db.collection('events');
      for (let i = 0; i < stored.length; i += 10_000) await ev.insert(stored.slice(i, i + 10_000) as never);
      const setupS = (performance.now() - t0) / 1000;
      console.log(
        `setup: ${stored.length} events of ${customers.length} customers stored in ${setupS.toFixed(1)} s`,
      );
      global.gc?.();
      const engine = cloud.db.engine;

      const mem = sampler();
      const c0 = process.cpuUsage();
      const r0 = performance.now();
      const profiles = new Map<string, ReturnType<typeof rebuildReduced>>();
      let folded = 0;
      for (const openid of customers) {
        const events = engine.find('events', { openid }, { limit: 1_000_000 }) as unknown as StoredEvent[];
        folded += events.length;
        profiles.set(openid, rebuildReduced(events, null, 0));
      }
      const rebuildS = (performance.now() - r0) / 1000;
      const rebuildCpu = cpuSeconds(process.cpuUsage(c0));
      const peak = mem.stop();
      console.log(`rebuild: ${folded} events → ${profiles.size} profiles in ${rebuildS.toFixed(2)} s`);

      const byUser = new Map<string, StoredEvent[]>();
      for (const e of stored) (byUser.get(e.openid) ?? byUser.set(e.openid, []).get(e.openid)!).push(e);
      const f0 = performance.now();
      const fc0 = process.cpuUsage();
      for (const [, evs] of byUser) rebuildReduced(evs, null, 0);
      const reducerS = (performance.now() - f0) / 1000;
      const reducerCpu = cpuSeconds(process.cpuUsage(fc0));

      const w0 = performance.now();
      const docs = [...profiles].map(([openid, p]) => ({ _id: openid, openid, rev: 1, ...p }));
      for (let i = 0; i < docs.length; i += 1000)
        await cloud.db.collection('profiles').insert(docs.slice(i, i + 1000) as never);
      const writeS = (performance.now() - w0) / 1000;
      console.log(
        `reducer only: ${reducerS.toFixed(2)} s; write ${docs.length} profiles: ${writeS.toFixed(2)} s; ` +
          `rebuild including writing: ${(rebuildS + writeS).toFixed(2)} s (local cloud emulator, not WeChat cloud)`,
      );
      return {
        measures: 'local cloud emulator: in-process store (LMDB + mirror), no HTTP/SDK; not WeChat cloud',
        rebuild_with_write_seconds: Number((rebuildS + writeS).toFixed(3)),
        events: folded,
        customers: profiles.size,
        rebuild_seconds: Number(rebuildS.toFixed(3)),
        rebuild_events_per_s: Math.round(folded / rebuildS),
        rebuild_cpu_seconds: rebuildCpu,
        reducer_only_seconds: Number(reducerS.toFixed(3)),
        reducer_only_cpu_seconds: reducerCpu,
        write_profiles_seconds: Number(writeS.toFixed(3)),
        peak_rss_mb: mb(peak.rss),
        peak_heap_mb: mb(peak.heap),
        setup_seconds: Number(setupS.toFixed(1)),
        goal_seconds: 5,
        cores: os.cpus().length,
        load_avg_1m: Number(os.loadavg()[0].toFixed(2)),
      };
    } finally {
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
