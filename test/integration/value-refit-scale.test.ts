/**
 * OPT-IN scale check (skipped unless QX_VALUE_SCALE_N is set, e.g. 100000): `refit:value` of N
 * generated buyer profiles through the REAL value function (bundle, child process, wx-server-sdk,
 * the local cloud's storage for the multi-MB fit artifacts), staff `{action:'refit'}` calls with
 * the default 40 s budget until the run ends. Every call must end well inside the 60 s limit and
 * every step inside the refit host's 15 s, and every instance inside the function's memorySize (the
 * local cloud kills one that passes it; the peak RSS of the value instances is logged). Run: `QX_VALUE_SCALE_N=100000 nice -n 10 npx jest
 * test/integration/value-refit-scale.test.ts` (about 5 minutes at load 3).
 */
import os from 'node:os';
import { rng } from '../../cloudfunctions/common/value/gbt';
import { peakRssMb } from '../../scripts/local-cloud/functions/memory-limit';
import { buyerProfile } from '../helpers/profiles';
import { startIngestCloud, type IngestCloud } from './track-cloud';

type Reply = { ok: boolean; data?: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
const N = Number(process.env.QX_VALUE_SCALE_N ?? 0);

(N > 0 ? describe : describe.skip)(`refit:value of ${N} profiles through the real function`, () => {
  let c: IngestCloud;
  beforeAll(async () => {
    c = await startIngestCloud(2);
    const now = Date.now();
    const rand = rng(5);
    const profiles = c.cloud.db.collection('profiles');
    let batch: Array<Record<string, unknown>> = [];
    for (let i = 0; i < N; i++) {
      // buyers every 7–87 days (with jitter) since 30–360 days ago; 40% stopped at some point
      const gap = 7 + Math.floor(rand() * 80);
      const first = 30 + Math.floor(rand() * 330);
      const stop = rand() < 0.4 ? Math.floor(rand() * first) : 0;
      const days: number[] = [];
      for (let d = first; d >= stop; d -= gap + Math.floor(rand() * gap)) days.push(d);
      batch.push(
        buyerProfile(`u${String(i).padStart(6, '0')}`, now, days, { fen: 1000 + Math.floor(rand() * 20000) }),
      );
      if (batch.length === 1000) {
        profiles.insert(batch);
        batch = [];
      }
    }
    if (batch.length) profiles.insert(batch);
    await c.cloud.db.collection('admins').insert({ _id: 'staff', role: 'staff' });
  }, 900_000);
  afterAll(async () => c?.close());

  it('finishes in bounded calls and steps, and ships', async () => {
    const t0 = Date.now();
    const calls: number[] = [];
    let r: Reply | undefined;
    let peakMb = 0;
    for (let i = 0; i < 200 && !['succeeded', 'failed'].includes(r?.data?.refit?.status); i++) {
      const s = Date.now();
      r = await c.call<Reply>('value', { action: 'refit' }, 'staff');
      calls.push((Date.now() - s) / 1000);
      expect(r.error).toBeUndefined();
      for (const inst of c.cloud.runtime.instances('value')) peakMb = Math.max(peakMb, peakRssMb(inst.pid) ?? 0);
      console.info(
        `[scale] call ${i + 1}: ${calls[i].toFixed(1)} s, value instances' peak RSS so far ${peakMb.toFixed(0)} MB, refit ${r.data.refit.status} in ${r.data.refit.phase}, ${r.data.refit.steps} steps (load ${os.loadavg()[0].toFixed(1)})`,
      );
    }
    expect(r?.data.refit.status).toBe('succeeded');
    const run = c.cloud.db.collection('job_runs').get(r!.data.refit.runId) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    console.info(
      `[scale] ${JSON.stringify({ N, peakRssMb: Math.round(peakMb), seconds: (Date.now() - t0) / 1000, calls: calls.length, maxCallSeconds: Math.max(...calls), steps: run.steps, maxStepSeconds: run.state.maxStepSeconds, fitSeconds: run.state.fitSeconds, result: run.result })}`,
    );
    expect(run.result.outcome).toBe('promoted');
    expect(Math.max(...calls)).toBeLessThan(55);
    expect(run.state.maxStepSeconds).toBeLessThan(15);
  }, 3_000_000);
});
