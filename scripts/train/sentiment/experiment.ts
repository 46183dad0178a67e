/**
 * Feature/hyper-parameter experiments behind the shipped choices (not part of the product):
 *   npx tsx scripts/train/sentiment/experiment.ts '{"spec":{"wordNgrams":[1,2]},"models":[{"lr":0.2}],"waimai":true}'
 * Word n-grams come from @node-rs/jieba here (dev only). Same split seeds as a quick check, not
 * the shipped training split. Prints validation accuracy per model and for their average.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { loadSentimentData, stratifiedSplit, type Review } from './data';
import { trainLinear, nbRatios, linearLogit, type Example, type LinearModel } from './linear';
import { binaryMetrics } from '../../../cloudfunctions/common/sentiment-model';
import { featurizeNormalized, prepareText } from '../../../cloudfunctions/common/text/featurize';
import { SENTIMENT_FEATURE_SPEC, type SentimentFeatureSpec } from '../../../cloudfunctions/common/text/spec';

const jieba = Jieba.withDict(dict);
const d = loadSentimentData('../shared/data/sentiment');
const args = JSON.parse(process.argv[2] ?? '{}');
const splitSeed: number = args.splitSeed ?? 1;
const shop = stratifiedSplit(d.shop, (r) => `${r.cat}:${r.label}`, 0.1, splitSeed);
const wm = stratifiedSplit(d.waimai, (r) => `${r.label}`, 0.1, splitSeed + 1);
const spec: SentimentFeatureSpec = { ...SENTIMENT_FEATURE_SPEC, ...(args.spec ?? {}) };
const useWaimai = args.waimai ?? true;
const feat = (r: Review): Example => {
  const t = prepareText(r.text, spec);
  const words = spec.wordNgrams.length ? jieba.cut(t, false).filter((w) => w.trim()) : [];
  return { ids: featurizeNormalized(t, words, spec), label: r.label };
};
const t0 = Date.now();
const train = [...shop.kept, ...(useWaimai ? wm.kept : [])].map(feat);
const vs = shop.held.map(feat);
const vw = (useWaimai ? wm.held : d.waimai).map(feat);
console.log('featurised', Date.now() - t0, 'ms', train.length);
const evalM = (ms: LinearModel[], ex: Example[]) => {
  const p = ex.map((e) => ms.reduce((a, m) => a + 1 / (1 + Math.exp(-linearLogit(m, e.ids))), 0) / ms.length);
  const pl = ex.map(
    (e) => 1 / (1 + Math.exp(-ms.reduce((a, m) => a + linearLogit(m, e.ids), 0) / ms.length)),
  );
  const m = binaryMetrics(
    p,
    ex.map((e) => e.label),
  );
  const m2 = binaryMetrics(
    pl,
    ex.map((e) => e.label),
  );
  return `acc ${(m.accuracy * 100).toFixed(2)} (logitavg ${(m2.accuracy * 100).toFixed(2)}) ece ${m.ece.toFixed(3)}`;
};
const models: LinearModel[] = [];
for (const cfg of args.models ?? [{}]) {
  const o = { epochs: 5, lr: 0.1, l2: 0, seed: 7, scale: 'sqrt' as const, ...cfg };
  const values = o.nb ? nbRatios(train, spec.buckets, o.alpha ?? 1) : undefined;
  const t1 = Date.now();
  const m = trainLinear(train, spec.buckets, { ...o, values });
  models.push(m);
  console.log(
    JSON.stringify(cfg),
    'train',
    Date.now() - t1,
    'ms | shop',
    evalM([m], vs),
    '| waimai',
    evalM([m], vw),
  );
}
if (models.length > 1) console.log('ENSEMBLE | shop', evalM(models, vs), '| waimai', evalM(models, vw));
