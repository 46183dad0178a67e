/**
 * Leave-one-domain-out harness (experiments and the report; not part of the product):
 *   nice -n 10 npx tsx scripts/train/sentiment/lodo.ts '[{"name":"shipped","minDf":8}]' [--save] [--val-seeds 3] [--domains 书籍,waimai]
 * Domains: the 9 e-commerce categories and waimai. For each held-out domain the recipe trains on
 * the DEVELOPMENT rows of the other nine and is scored on the held-out domain's development rows
 * (the untouched test split is never read here). `--val-seeds k` also measures in-domain
 * validation as the mean over k split seeds (10% of dev per file); `--val-only k` runs just seed k. Results:
 * models/sentiment/evaluation/lodo-<name>.json; `--save` keeps the held-out models (ONNX) in the
 * cache for the adaptation curve.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ensembleFromOnnx,
  exportSentimentOnnx,
  type BinaryMetrics,
} from '../../../cloudfunctions/common/sentiment-model';
import { loadSentimentData, stratifiedSplit } from './data';
import { evaluate, type Scored } from './evaluate';
import { cachedFeatures, CACHE_DIR } from './feature-cache';
import { recipeSpec, trainRecipe, withIds, type Recipe } from './recipe';
import { domainOf, testSplit } from './splits';

/** Seed of the calibration slice inside each LODO training set. */
const CALIB_SEED = 77;
/** First validation split seed (seed k: VAL_SEED + 1000·k). */
export const VAL_SEED = 31;

/** Figures kept per slice. */
export type Figures = Pick<BinaryMetrics, 'n' | 'accuracy' | 'balanced_accuracy' | 'macro_f1' | 'ece'>;
const pick = (m: BinaryMetrics): Figures => ({
  n: m.n,
  accuracy: m.accuracy,
  balanced_accuracy: m.balanced_accuracy,
  macro_f1: m.macro_f1,
  ece: m.ece,
});

/** Mean of each figure over a list. */
export function meanFigures(xs: readonly Figures[]): Figures {
  const avg = (k: keyof Figures) => xs.reduce((a, x) => a + x[k], 0) / xs.length;
  return {
    n: xs.reduce((a, x) => a + x.n, 0),
    accuracy: avg('accuracy'),
    balanced_accuracy: avg('balanced_accuracy'),
    macro_f1: avg('macro_f1'),
    ece: avg('ece'),
  };
}

/** Where the held-out model of `recipe` for `domain` is cached. */
export const lodoModelFile = (recipe: string, domain: string): string =>
  path.join(CACHE_DIR, 'lodo', recipe, `${domain}.onnx`);

function main(): void {
  const recipes: Recipe[] = JSON.parse(process.argv[2] ?? '[{"name":"shipped","minDf":8}]');
  const arg = (k: string) => {
    const i = process.argv.indexOf(`--${k}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const save = process.argv.includes('--save');
  const valSeeds = Number(arg('val-seeds') ?? '0');
  const data = loadSentimentData(path.resolve(__dirname, '../../../../shared/data/sentiment'));
  const { dev } = testSplit(data);
  const all = [...dev.shop, ...dev.waimai];
  const domains = arg('domains')?.split(',') ?? [...new Set(all.map(domainOf))].sort();
  const outDir = path.resolve(__dirname, '../../../models/sentiment/evaluation');
  fs.mkdirSync(outDir, { recursive: true });
  const valOnly = arg('val-only');
  if (valOnly !== undefined) {
    // One validation split seed of the first recipe, on its own (seeds run as separate processes).
    const recipe = recipes[0];
    const rows = withIds(all, cachedFeatures(all, recipeSpec(recipe), data.hashes.combined));
    const v = validate(rows, recipe, VAL_SEED + 1000 * Number(valOnly));
    fs.writeFileSync(path.join(outDir, `validation-${recipe.name}-${v.seed}.json`), `${JSON.stringify({ recipe, ...v, loadAverage: fs.readFileSync('/proc/loadavg', 'utf8').trim() }, null, 1)}\n`);
    console.log(`validation seed ${v.seed}: e-commerce ${(v.shop.accuracy * 100).toFixed(2)}, waimai ${(v.waimai.accuracy * 100).toFixed(2)}`);
    return;
  }
  for (const recipe of recipes) {
    const rows = withIds(all, cachedFeatures(all, recipeSpec(recipe), data.hashes.combined));
    const perDomain: Record<string, Figures> = {};
    for (const d of domains) {
      const t0 = Date.now();
      // Resume: a saved held-out model is re-scored, not retrained (the machine is shared).
      const saved = lodoModelFile(recipe.name, d);
      const reuse = save && fs.existsSync(saved);
      const model = reuse
        ? ensembleFromOnnx(fs.readFileSync(saved))
        : trainRecipe(
            rows.filter((r) => domainOf(r) !== d),
            recipe,
            CALIB_SEED,
            `${d} `,
          ).model;
      perDomain[d] = pick(evaluate(model, rows.filter((r) => domainOf(r) === d), domainOf).overall);
      if (save && !reuse) {
        fs.mkdirSync(path.dirname(lodoModelFile(recipe.name, d)), { recursive: true });
        fs.writeFileSync(lodoModelFile(recipe.name, d), exportSentimentOnnx(model));
      }
      console.log(
        `${recipe.name} without ${d}: acc ${(perDomain[d].accuracy * 100).toFixed(2)} BA ${(perDomain[d].balanced_accuracy * 100).toFixed(2)} [${((Date.now() - t0) / 1000).toFixed(0)} s]`,
      );
    }
    const list = Object.values(perDomain);
    const worst = (k: keyof Figures) => Math.min(...list.map((x) => x[k]));
    const validation: { seed: number; shop: Figures; waimai: Figures }[] = [];
    for (let k = 0; k < valSeeds; k++) validation.push(validate(rows, recipe, VAL_SEED + 1000 * k));
    const result = {
      recipe,
      testSplit: 'never read',
      perDomain,
      mean: meanFigures(list),
      worst: { accuracy: worst('accuracy'), balanced_accuracy: worst('balanced_accuracy'), macro_f1: worst('macro_f1') },
      validation,
      validationMean: validation.length
        ? { shop: meanFigures(validation.map((v) => v.shop)), waimai: meanFigures(validation.map((v) => v.waimai)) }
        : null,
      loadAverage: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
      at: new Date().toISOString(),
    };
    fs.writeFileSync(path.join(outDir, `lodo-${recipe.name}.json`), `${JSON.stringify(result, null, 1)}\n`);
    console.log(`${recipe.name}: mean ${JSON.stringify(result.mean)} worst ${JSON.stringify(result.worst)} val ${JSON.stringify(result.validationMean)}`);
  }
}

/** In-domain validation on one split seed: 10% of dev per file held out (stratified). */
export function validate(rows: readonly Scored[], recipe: Recipe, seed: number): { seed: number; shop: Figures; waimai: Figures } {
  const split = stratifiedSplit(rows, (r) => `${domainOf(r)}:${r.label}`, 0.1, seed);
  const { model } = trainRecipe(split.kept, recipe, seed + 1, `val ${seed} `);
  return {
    seed,
    shop: pick(evaluate(model, split.held.filter((r) => r.source === 'shop'), domainOf).overall),
    waimai: pick(evaluate(model, split.held.filter((r) => r.source === 'waimai'), domainOf).overall),
  };
}

if (require.main === module) main();
