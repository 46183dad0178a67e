/**
 * Function invocation latency of the local cloud: cold (a new instance process: fork + load the
 * bundle with the real wx-server-sdk + run) and warm (an idle instance reused): in-process, a
 * function calling another through cloud.callFunction, and through the h5 gateway over HTTP. Used by `npm run bench -- localcloud`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud } from '../local-cloud/cloud';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/functions');

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 1000) / 1000;
}

/** Cold/warm latency figures (ms) of the `echo` fixture (it requires wx-server-sdk, like real functions). */
export async function measureFunctionLatency(colds = 20, warms = 500): Promise<Record<string, number>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-bench-fn-'));
  const cloud = await startFullCloud({
    dataDir: path.join(root, 'data'),
    buildDir: path.join(root, 'functions'),
    functionsDir: FIXTURES,
    timers: false,
    prepare: true,
    log: () => undefined,
  });
  try {
    const rt = cloud.runtime;
    const cold: number[] = [];
    for (let i = 0; i < colds; i++) {
      await rt.recycle('echo');
      const out = await rt.invokeDetailed('echo', { i }, { openid: 'o_bench' });
      if (!out.cold) throw new Error('expected a cold start');
      cold.push(out.ms);
    }
    const warm: number[] = [];
    for (let i = 0; i < warms; i++) {
      const out = await rt.invokeDetailed('echo', { i }, { openid: 'o_bench' });
      warm.push(out.ms);
    }
    // A function calling another through cloud.callFunction (SDK → /admin → runtime), both warm.
    const nested: number[] = [];
    await rt.invokeFunction('caller', { target: 'echo' }, { openid: 'o_bench' });
    for (let i = 0; i < Math.min(warms, 300); i++) {
      const out = await rt.invokeDetailed('caller', { target: 'echo', data: { i } }, { openid: 'o_bench' });
      if (!(out.result as { ok: boolean }).ok)
        throw new Error(`nested call failed: ${JSON.stringify(out.result)}`);
      nested.push(out.ms);
    }
    const headers = cloud.browserHeaders('o_bench');
    const http: number[] = [];
    for (let i = 0; i < warms; i++) {
      const t = performance.now();
      const res = await fetch(`${cloud.url}/gateway/functions/echo`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ i }),
      });
      await res.json();
      http.push(performance.now() - t);
    }
    return {
      fnColdP50Ms: quantile(cold, 0.5),
      fnColdP99Ms: quantile(cold, 0.99),
      fnWarmP50Ms: quantile(warm, 0.5),
      fnWarmP99Ms: quantile(warm, 0.99),
      fnNestedCallWarmP50Ms: quantile(nested, 0.5),
      fnNestedCallWarmP99Ms: quantile(nested, 0.99),
      fnGatewayWarmP50Ms: quantile(http, 0.5),
      fnGatewayWarmP99Ms: quantile(http, 0.99),
      fnColdSamples: colds,
      fnWarmSamples: warms,
    };
  } finally {
    await cloud.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void measureFunctionLatency().then((r) => console.log(JSON.stringify(r)));
}
