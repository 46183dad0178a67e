/**
 * `npm run bench -- sentiment-refit [--sizes 300,3000,20000]`: what one `refit:sentiment` run
 * costs apart from database and storage I/O, on real reviews (a seeded sample of e-commerce and
 * waimai reviews from ../shared/data/sentiment, labels as ratings 5 / 1): the `adapt` step
 * (featurise, fit the correction, its guard, export the graph — adaptShopSentiment) and the
 * `publish` step (candidate + the store's guard, memory store) at each size. The refit reads at
 * most MAX_REFIT_REVIEWS (20,000); each step must stay well under the host's 15 s MIN_TICK_MS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readShippedSentiment } from '../../cloudfunctions/common/inference/sentiment-shipped';
import { createModelStore, memoryModelStorePorts } from '../../cloudfunctions/common/model-store';
import {
  adaptShopSentiment,
  publishShopSentiment,
  ratedReviews,
} from '../../cloudfunctions/common/sentiment-adapt';
import { sharedDataDir } from '../../test/helpers/shared-data';
import { parseReviewsCsv } from '../eval/reviews';
import { mulberry32, shuffle } from '../train/sentiment/rng';
import type { Bench } from './main';

const bench: Bench = {
  defaultRepeats: 3,
  async run(args) {
    const dir = sharedDataDir();
    if (!dir) throw new Error('bench sentiment-refit needs ../shared/data/sentiment; not found');
    const at = args.indexOf('--sizes');
    const sizes = (at >= 0 ? args[at + 1] : '300,3000,20000').split(',').map(Number);
    const read = (f: string, src: string) =>
      parseReviewsCsv(fs.readFileSync(path.join(dir, 'sentiment', f), 'utf8'), src);
    const all = shuffle([...read('online_shopping_9cats.csv', 'shop'), ...read('waimai_10k.csv', 'waimai')], mulberry32(11));
    const base = readShippedSentiment();
    const out: Record<string, number> = {};
    for (const n of sizes) {
      const rated = ratedReviews(all.slice(0, n).map((r, i) => ({ key: `r${i}`, text: r.text, rating: r.label ? 5 : 1 })));
      const sp = memoryModelStorePorts();
      const t0 = performance.now();
      const a = adaptShopSentiment(rated, base, new Date());
      const t1 = performance.now();
      await publishShopSentiment({ store: createModelStore(sp), files: sp.files }, a, 'bench', new Date());
      out[`adapt_ms_${n}`] = Math.round(t1 - t0);
      // On reviews the base was trained on the adaptation rarely beats it: publish then only answers.
      out[`adapted_${n}`] = a.summary.adapted ? 1 : 0;
      out[`publish_ms_${n}`] = Math.round(performance.now() - t1);
    }
    return out;
  },
};
export default bench;
