/**
 * Domain-transfer experiments (not part of the product):
 *   nice -n 10 npx tsx scripts/train/sentiment/ood-experiment.ts '[{"name":"base"},{"name":"df3","minDf":3}]'
 * Protocols, on the shipped split seed (validation slices never trained on):
 *  A: train on e-commerce only → in-domain e-commerce validation + ALL waimai (out-of-domain);
 *  B, C: leave-one-category-out: e-commerce without 书籍 (水果) + waimai → all 书籍 (水果).
 * A variant sets the members and the feature pruning (see feature-mask.ts).
 */
import { featurizeReview, SENTIMENT_FEATURE_SPEC } from '../../../cloudfunctions/common/text';
import { loadSentimentData, stratifiedSplit, type Review } from './data';
import { evaluate, type Scored } from './evaluate';
import { type MaskOptions } from './feature-mask';
import { MEMBERS, trainEnsemble, type MemberConfig } from './train-ensemble';

interface Variant extends MaskOptions {
  name: string;
  members?: MemberConfig[];
  augment?: boolean;
  /** Repeat the training rows of a source (e.g. {"waimai": 2}) to rebalance domains. */
  repeatSource?: Record<string, number>;
}

const variants: Variant[] = JSON.parse(process.argv[2] ?? '[{"name":"base"}]');
const protocols = (process.argv[3] ?? 'A,B').split(',');
const seed = 20261123;
/** Featurizer overrides (env SPEC, JSON), e.g. SPEC='{"finalClauseNgrams":[1,2]}'. */
const spec = { ...SENTIMENT_FEATURE_SPEC, ...JSON.parse(process.env.SPEC ?? '{}') };
const data = loadSentimentData('../shared/data/sentiment');
const feat = (rows: readonly Review[]): Scored[] => rows.map((r) => ({ ...r, ids: featurizeReview(r.text, spec) }));
const domainOf = (r: Review) => (r.source === 'shop' ? r.cat : r.source);

const shop = stratifiedSplit(data.shop, (r) => `${r.cat}:${r.label}`, 0.1, seed);
const setups: Record<string, () => { train: Scored[]; calib: Scored[]; tests: Record<string, Scored[]> }> = {
  A: () => {
    const pl = stratifiedSplit(shop.kept, (r) => `${r.cat}:${r.label}`, 0.1, seed + 2);
    return { train: feat(pl.kept), calib: feat(pl.held), tests: { shopVal: feat(shop.held), waimaiAll: feat(data.waimai) } };
  },
  B: () => leaveOut('书籍', 'books'),
  C: () => leaveOut('水果', 'fruit'),
};
function leaveOut(cat: string, key: string) {
  const rest = [...data.shop.filter((r) => r.cat !== cat), ...data.waimai];
  const pl = stratifiedSplit(rest, (r) => `${r.source}:${r.label}`, 0.1, seed + 3);
  return { train: feat(pl.kept), calib: feat(pl.held), tests: { [key]: feat(data.shop.filter((r) => r.cat === cat)) } };
}

const results: Record<string, Record<string, string>> = {};
for (const p of protocols) {
  const t0 = Date.now();
  const s = setups[p]();
  console.error(`protocol ${p}: featurised in ${Date.now() - t0} ms`);
  for (const v of variants) {
    const t1 = Date.now();
    const rep = v.repeatSource ?? {};
    const train = s.train.flatMap((r) => Array<Scored>(rep[r.source] ?? 1).fill(r));
    const { model } = trainEnsemble(train, s.calib, spec.buckets, v.members ?? MEMBERS, '', {
      ...v,
      domainOf,
    });
    const row = (results[v.name] ??= {});
    for (const [k, rows] of Object.entries(s.tests)) {
      const m = evaluate(model, rows, (r) => r.cat).overall;
      row[k] = `${(m.accuracy * 100).toFixed(2)} (F1+ ${m.f1_pos.toFixed(3)} F1- ${m.f1_neg.toFixed(3)} ece ${m.ece.toFixed(3)})`;
    }
    console.log(`${p} ${v.name}: ${JSON.stringify(row)} [${((Date.now() - t1) / 1000).toFixed(0)} s]`);
  }
}
console.log(JSON.stringify(results, null, 1));
