/**
 * `npx tsx scripts/train/segmentation/cold-start-curve.ts [--source cdnow|taobao|both]`
 *
 * Why the cloud refit keeps the shipped model below a number of customers: fit the segmentation
 * (the product's fitSegmentation, cloud settings) on random subsamples of n customers of ONE
 * source and measure how well each fit agrees with the fit on all of them (adjusted Rand index
 * on a fixed evaluation set of 2,000 other customers). Prints one line per n and a JSON summary.
 */
import { assign, fitSegmentation, standardiseRows, fromRows, takeRows, adjustedRand } from '../../../cloudfunctions/common/segment-fit';
import { mulberry32, sampleIndices } from '../../../cloudfunctions/common/random';
import { readBehaviorDir } from './behavior-data';
import { featuresOf } from './profiles-from-behavior';
import path from 'node:path';
import os from 'node:os';

const src = process.argv.includes('--source') ? process.argv[process.argv.indexOf('--source') + 1] : 'cdnow';
const { customers } = readBehaviorDir(path.resolve(__dirname, '../../../../shared/data/behavior'));
const picked = customers.filter((c) => src === 'both' || c.source === src);
const { input } = featuresOf(picked);
const all = fromRows(input);
const rng = mulberry32(5);
const order = sampleIndices(all.n, all.n, rng);
const evalIdx = order.subarray(0, 2000);
const pool = Array.from(order.subarray(2000));
const opts = { kMin: 3, kMax: 8, fitSample: 20000, evalSample: 1500, bootstraps: 3, restarts: 3 };
const labeller = (rows: number[][], seed: number) => {
  const f = fitSegmentation(rows, { ...opts, seed });
  return { k: f.model.k, labels: assign(standardiseRows(takeRows(all, evalIdx), f.model.transform), f.model.centroids).labels };
};
const ref = labeller(pool.map((i) => input[i]), 1);
console.log(`${src}: ${all.n} customers, full fit K=${ref.k} (load ${os.loadavg().map((v) => v.toFixed(1)).join(' ')})`);
const out: Record<number, { ari: number[]; k: number[] }> = {};
for (const n of [100, 200, 300, 500, 1000, 2000, 5000]) {
  const r = { ari: [] as number[], k: [] as number[] };
  for (let s = 0; s < 5; s++) {
    const sub = sampleIndices(pool.length, n, mulberry32(100 + s)).map((j) => pool[j]);
    const l = labeller(Array.from(sub, (i) => input[i]), 10 + s);
    r.ari.push(Number(adjustedRand(ref.labels, l.labels).toFixed(3)));
    r.k.push(l.k);
  }
  out[n] = r;
  const sorted = [...r.ari].sort((a, b) => a - b);
  console.log(`n=${n}: ARI vs full fit median ${sorted[2]} min ${sorted[0]} (runs ${r.ari.join(', ')}), K ${r.k.join(',')}`);
}
console.log(JSON.stringify({ source: src, customers: all.n, fullK: ref.k, perN: out }));
