/**
 * `npm run bench -- erasure-starvation [--customers N] [--rate R] [--seed S] [--hours H]`: does a
 * value refit of N customers (default 100,000, CDNOW histories resampled as `bench value` does)
 * finish while customers erase their data at R an hour (default 1, what a 100,000-customer shop
 * sees)? The real `refit:value` handler on the real job runner, erasure guard and
 * `eraseCustomerData`, over the in-memory database double and storage (the read's pages served
 * as an `_id` index would serve them). Time is simulated as the value timer spends it: a call
 * every 10 minutes, 40 s of work each, counted in this process's CPU time (a function has its own
 * CPU; on a shared machine wall time would stretch every call with the load). The erasures arrive
 * as a seeded Poisson stream of random customers who hold data, each at its time: between calls
 * (the erasure's own restart) or between two steps of a call (the runner's check). Figures:
 * finished, simulated minutes to the end, timer calls, restarts, erasures, CPU seconds.
 */
import os from 'node:os';
import { eraseCustomerData } from '../../cloudfunctions/common/consent/erase-customer';
import { erasureGuard } from '../../cloudfunctions/common/consent/erase-guard';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import type { Doc } from '../../cloudfunctions/common/db/wx-db';
import { memoryDb } from '../../cloudfunctions/common/db/testing/memory-sdk';
import { createJobRunner, wxJobDb, type JobHandler } from '../../cloudfunctions/common/jobs';
import { createModelStore, memoryModelFiles, memoryModelStorePorts } from '../../cloudfunctions/common/model-store';
import { REFIT_KIND, valueRefitHandler } from '../../cloudfunctions/common/value-serving/refit-job';
import { rng } from '../../cloudfunctions/common/value/gbt';
import type { Bench } from './main';
import { bucketsOf, resample } from './value';

const arg = (args: string[], flag: string, d: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : d);
const DAY = 86_400_000;
const GAP_MS = 10 * 60_000;
const BUDGET_MS = 40_000;

const bench: Bench = {
  async run(args) {
    const n = arg(args, '--customers', 100_000);
    const rate = arg(args, '--rate', 1);
    const rand = rng(arg(args, '--seed', 1));
    const hours = arg(args, '--hours', 24);
    const { customers, end } = resample(n, 12);
    // Noon (Beijing) of the data's last day: the refit's `today` is that day.
    const start = end * DAY + 4 * 3_600_000;
    const { db, tables } = memoryDb();
    const ids = customers.map((_, i) => `o${String(i).padStart(7, '0')}`);
    for (let k = 0; k < n; k += 5_000)
      await db.insert(COLLECTIONS.profiles, customers.slice(k, k + 5_000).map((c, j) => ({
        _id: ids[k + j], openid: ids[k + j], firstSeenAt: c.purchases.days[0] * DAY, ...bucketsOf(c),
      })) as unknown as Doc[]);
    // Erasures: exponential gaps, each a random customer still holding data.
    const arrivals: number[] = [];
    for (let t = start; ; ) {
      t += (-Math.log(1 - rand()) / rate) * 3_600_000;
      if (t > start + hours * 3_600_000) break;
      arrivals.push(t);
    }
    const files = memoryModelFiles();
    const live = new Set(ids);
    let erased = 0;
    const eraseUpTo = async (t: number) => {
      while (arrivals.length && arrivals[0] <= t) {
        const at = arrivals.shift() as number;
        const pool = [...live];
        const openid = pool[Math.floor(rand() * pool.length)];
        live.delete(openid);
        await eraseCustomerData({ db, files, openid, now: () => at });
        erased++;
      }
    };
    let clock = start;
    const runner = createJobRunner({ db: wxJobDb(db), files, now: () => clock, erasures: erasureGuard(db, files) });
    // The refit's read as an `_id` index answers it (the double's keyset query sorts all 100,000
    // profiles per page, ~1 s each, which CloudBase's index does not): the profiles after the
    // position, in openid order, as the table holds them now (erased ones gone).
    const table = () => tables.get(COLLECTIONS.profiles) as Map<string, Doc>;
    const pageProfiles = async (after: string, limit: number) => {
      const out: Doc[] = [];
      let lo = 0;
      for (let hi = ids.length; lo < hi; ) {
        const mid = (lo + hi) >> 1;
        if (ids[mid] <= after) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < ids.length && out.length < limit; i++) {
        const d = table().get(ids[i]);
        if (d) out.push(structuredClone(d));
      }
      return out as never;
    };
    const refit = valueRefitHandler({ data: { pageProfiles }, store: createModelStore(memoryModelStorePorts(() => new Date(clock))), served: async () => null, now: () => clock });
    let starts = 0;
    const handler: JobHandler = { kind: REFIT_KIND, async step(ctx) {
      await eraseUpTo(clock);
      if (ctx.run.phase === 'start') starts++;
      return refit.step(ctx);
    } };
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await runner.start(REFIT_KIND, { requestedBy: 'timer' });
    let calls = 0;
    let status = 'running';
    for (let tick = 0; status === 'running' && tick * GAP_MS < hours * 3_600_000; tick++) {
      const callStart = start + tick * GAP_MS;
      await eraseUpTo(callStart);
      // The call's clock: its start plus the CPU time this process spent since (a function has its
      // own CPU; on this shared machine wall time would stretch every call with the load).
      const cpuAt0 = process.cpuUsage();
      const real = () => {
        const u = process.cpuUsage(cpuAt0);
        return callStart + (u.user + u.system) / 1000;
      };
      clock = callStart;
      const timed: JobHandler = { kind: handler.kind, async step(ctx) {
        clock = real();
        const out = await handler.step(ctx);
        clock = real();
        return out;
      } };
      const r = await runner.tick(timed, { budgetMs: BUDGET_MS });
      calls++;
      status = r.status === 'succeeded' || r.status === 'failed' ? r.status : 'running';
      console.log(`call ${calls} at +${(tick * 10).toString().padStart(4)} min: ${r.status} ${r.phase}, ${erased} erasures, ${Math.max(0, starts - 1)} restarts (load ${os.loadavg()[0].toFixed(1)})`);
    }
    const cpu = process.cpuUsage(cpu0);
    return {
      customers: n,
      erasures_per_hour: rate,
      finished: status === 'succeeded' ? 1 : 0,
      simulated_minutes: calls * 10,
      timer_calls: calls,
      restarts: Math.max(0, starts - 1),
      erasures: erased,
      cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
      wall_seconds: Number(((performance.now() - wall0) / 1000).toFixed(1)),
    };
  },
};
export default bench;
