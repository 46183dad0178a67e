/**
 * `npx tsx scripts/seed/demo-backtest.ts [--generated] [--plan-seeds 99,1,2] [--world-seeds 7]
 * [--cdnow N]`: the back-test the first value refit of `npm start` runs on the demo shop (the same
 * `backtestValue` as refit:value, with nothing serving: the incumbent is "no prediction"), computed
 * from the seed's plan without a cloud — one JSON line per shop, then a summary line. npm start
 * seeds plan seed 99 (world seed 7 for the generated shop); other seeds show how much the verdict
 * depends on which customers the sample happened to draw. Reads ../shared/data unless --generated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dayIndex } from '../../cloudfunctions/common/profile/day';
import { backtestValue } from '../../cloudfunctions/common/value-serving/backtest';
import { unitPriceDistribution } from '../replay/prices';
import { readCdnow, readTaobao } from '../replay/sources';
import { buildCatalog } from './catalog';
import { planDemoEvents } from './customers';
import { planHistories } from './plan-histories';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const list = (s: string) => s.split(',').map(Number);
const generated = argv.includes('--generated');
const dir = generated ? null : path.resolve(__dirname, '../../../shared/data');
if (dir && !fs.existsSync(dir)) throw new Error(`${dir} not found: pass --generated`);
const taobao = dir ? readTaobao(dir) : null;
const cdnow = dir ? readCdnow(dir) : null;
const prices = cdnow ? unitPriceDistribution(cdnow) : [];
const catalog = buildCatalog(taobao, prices);
const now = Date.now();
const ratios: number[] = [];
for (const seed of list(opt('--plan-seeds', '99')))
  for (const generatedSeed of generated ? list(opt('--world-seeds', '7')) : [7]) {
    const events = planDemoEvents({
      taobao,
      cdnow,
      catalog,
      prices,
      now,
      reviews: [],
      seed,
      generatedSeed,
      ...(argv.includes('--cdnow') ? { cdnowCustomers: Number(opt('--cdnow', '1000')) } : {}),
    });
    const h = planHistories(events);
    const bt = backtestValue([...h.values()], { end: dayIndex(now), horizonDays: 90, incumbent: null, seed: 1 });
    ratios.push(bt.candidate.rmse / bt.zeroRmse);
    const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
    console.log(
      JSON.stringify({
        shop: generated ? `generated world ${generatedSeed}` : 'shared-data',
        planSeed: seed,
        customers: new Set(events.map((e) => e.openid)).size,
        buyers: h.size,
        window: bt.seasonal ? 'same season last year' : 'last 90 days',
        heldOut: bt.heldOut,
        rmse: r4(bt.candidate.rmse),
        noPrediction: r4(bt.zeroRmse),
        bgnbd: r4(bt.bgnbd.rmse),
        auc: r4(bt.candidate.auc_buys_again),
        aggregatePct: r4(bt.candidate.aggregate_error_pct),
        promoted: bt.candidate.rmse < bt.zeroRmse,
      }),
    );
  }
const sorted = [...ratios].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    shops: ratios.length,
    promoted: ratios.filter((r) => r < 1).length,
    meanRmseOverNoPrediction: Math.round((ratios.reduce((a, b) => a + b, 0) / ratios.length) * 1000) / 1000,
    worst: Math.round(sorted[sorted.length - 1] * 1000) / 1000,
    load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  }),
);
