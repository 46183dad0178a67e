/**
 * `npm run bench -- sentiment [--n 4000] [--repeats 5]`: review sentiment throughput on one thread
 * (onnxruntime intra-op threads = 1), INCLUDING featurisation, through the cloud function's own
 * `scoreSentiment`: batch 1 (one call per review, as the track function does) and batch 64.
 * Every call runs the ONNX model in onnxruntime (what the functions serve). Also featurisation
 * alone and the graph alone. Texts: a seeded sample of real e-commerce and food-delivery reviews from ../shared/data/sentiment. Medians over repeats.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getModel, scoreSentiment } from '../../cloudfunctions/common/inference';
import { packSentimentBatch } from '../../cloudfunctions/common/inference/sentiment-pre';
import { featurizeReview } from '../../cloudfunctions/common/text';
import { sharedDataDir } from '../../test/helpers/shared-data';
import { parseReviewsCsv } from '../eval/reviews';
import { mulberry32, shuffle } from '../train/sentiment/rng';
import type { Bench } from './main';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const flag = (args: string[], name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};

async function rate(texts: string[], repeats: number, once: () => Promise<void>): Promise<number> {
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await once();
    rates.push(texts.length / ((performance.now() - t0) / 1000));
  }
  return Math.round(median(rates));
}

const bench: Bench = {
  defaultRepeats: 3,
  async run(args) {
    const dir = sharedDataDir();
    if (!dir) throw new Error('bench sentiment needs ../shared/data/sentiment (real reviews); not found');
    const n = flag(args, 'n', 4000);
    const repeats = flag(args, 'repeats', 5);
    const read = (f: string, src: string) =>
      parseReviewsCsv(fs.readFileSync(path.join(dir, 'sentiment', f), 'utf8'), src);
    const all = [...read('online_shopping_9cats.csv', 'shop'), ...read('waimai_10k.csv', 'waimai')].map(
      (r) => r.text,
    );
    const texts = shuffle(all, mulberry32(7)).slice(0, n);
    const meanChars = texts.reduce((a, t) => a + t.length, 0) / texts.length;

    const model = await getModel('sentiment');
    await scoreSentiment(texts.slice(0, 256)); // warm up JIT and the session
    const batch1 = await rate(texts, repeats, async () => {
      for (const t of texts) await scoreSentiment([t]);
    });
    const batch64 = await rate(texts, repeats, async () => {
      for (let i = 0; i < texts.length; i += 64) await scoreSentiment(texts.slice(i, i + 64));
    });
    const featurizeOnly = await rate(texts, repeats, async () => {
      for (const t of texts) featurizeReview(t);
    });
    const feats = texts.map((t) => featurizeReview(t));
    const packed: ReturnType<typeof packSentimentBatch>[] = [];
    for (let i = 0; i < feats.length; i += 64) packed.push(packSentimentBatch(feats.slice(i, i + 64)));
    const graphOnly64 = await rate(texts, repeats, async () => {
      for (const b of packed) await model.run({ ids: b.ids, weights: b.weights });
    });
    const figures = {
      texts: texts.length,
      mean_chars: Math.round(meanChars * 10) / 10,
      repeats,
      threads: 1,
      texts_per_s_batch1: batch1,
      texts_per_s_batch64: batch64,
      featurize_only_per_s: featurizeOnly,
      graph_only_batch64_per_s: graphOnly64,
      model_bytes: fs.statSync(path.join(model.dir, model.meta.modelFile)).size,
      goal_texts_per_s: 20000,
    };
    console.log(
      `sentiment: batch 1 ${batch1}/s batch 64 ${batch64}/s (featurise only ${featurizeOnly}/s, graph only ${graphOnly64}/s), ${texts.length} real reviews, median of ${repeats}`,
    );
    return figures;
  },
};

export default bench;
