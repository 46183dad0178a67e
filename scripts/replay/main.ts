/**
 * Replay the real behaviour data through the REAL track function of a running local cloud
 * (`npm start` or `npm run local-cloud`), over its h5 gateway with a dev session per customer.
 *
 *   npx tsx scripts/replay/main.ts [--cloud-url http://127.0.0.1:8600] [--source taobao|cdnow|both]
 *       [--resample 1000000] [--shuffle] [--dup 0.05] [--retry 0.05] [--concurrency 16] [--seed 42]
 *
 * Mapping: map-events.ts; prices: prices.ts; resampling: resample.ts. Consents are set first.
 */
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { gatewayInvoker } from './invoker';
import { mapCdnow, mapTaobao, type ReplayEvent } from './map-events';
import { unitPriceDistribution } from './prices';
import { replay } from './replay';
import { resampleTaobao } from './resample';
import { readCdnow, readTaobao } from './sources';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? 'true' : v;
}

async function main(): Promise<void> {
  const dir = path.resolve(arg('data', path.resolve(__dirname, '../../../shared/data'))!);
  const source = arg('source', 'both')!;
  const cd = readCdnow(dir);
  const prices = unitPriceDistribution(cd);
  const resample = Number(arg('resample', '0'));
  let events: ReplayEvent[] = [];
  if (source !== 'cdnow') {
    const tb = readTaobao(dir);
    events.push(
      ...mapTaobao(
        resample > 0 ? resampleTaobao(tb, resample, { seed: Number(arg('seed', '2017')) }) : tb,
        prices,
        { prefix: resample > 0 ? 'rs' : 'tb' },
      ),
    );
  }
  if (source !== 'taobao') events = events.concat(mapCdnow(cd));
  const bar = new SingleBar(
    { format: 'replay [{bar}] {value}/{total} batches', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  const report = await replay(events, gatewayInvoker(arg('cloud-url', 'http://127.0.0.1:8600')!), {
    shuffle: arg('shuffle') === 'true',
    duplicateRate: Number(arg('dup', '0')),
    concurrentRetryRate: Number(arg('retry', '0')),
    concurrency: Number(arg('concurrency', '16')),
    seed: Number(arg('seed', '42')),
    onProgress: (d, t) => {
      if (!started) bar.start(t, 0);
      started = true;
      bar.update(d);
    },
  });
  bar.stop();
  console.log(JSON.stringify(report));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
