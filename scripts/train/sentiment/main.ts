/**
 * `npm run train:sentiment [-- --data DIR --out DIR --seed N --val-seeds K]`: trains the review
 * sentiment ensemble from ../shared/data/sentiment and writes models/sentiment/{model.onnx,
 * meta.json,report.md}.
 * - The UNTOUCHED test split (splits.ts, seed 20261204: 10% of each file, stratified) is held out
 *   first; the shipped model trains on the rest (`dev`, minus a 10% calibration slice) and the
 *   test split is scored once, for the report — nothing is chosen on it.
 * - Validation: K split seeds (default 3), each holding out 10% of dev per domain, training the
 *   same recipe on the rest; the report gives the mean (lodo.ts `validate`).
 * - Leave-one-domain-out and the adaptation curve come from lodo.ts / adapt-curve.ts
 *   (models/sentiment/evaluation/*.json), rendered into the report when present.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { featurizerHash, FEATURIZER_VERSION } from '../../../cloudfunctions/common/text';
import { exportSentimentOnnx, SENTIMENT_IO } from '../../../cloudfunctions/common/sentiment-model';
import { requireDataFiles } from '../../shared-data-files';
import { loadSentimentData, SENTIMENT_FILES } from './data';
import { evaluate } from './evaluate';
import { cachedFeatures } from './feature-cache';
import { meanFigures, validate, VAL_SEED } from './lodo';
import { recipeSpec, SHIPPED_RECIPE, trainRecipe, withIds } from './recipe';
import { writeReport } from './report';
import { domainOf, testSplit, TEST_FRACTION, TEST_SPLIT_SEED } from './splits';

/** Bump when the model's meaning changes (labels, outputs, data split); the file hash identifies the weights. */
export const SENTIMENT_MODEL_VERSION = '1.2.0';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function main(): void {
  const root = path.resolve(__dirname, '../../..');
  const dataDir = path.resolve(arg('data', path.join(root, '../shared/data/sentiment')));
  const outDir = path.resolve(arg('out', path.join(root, 'models/sentiment')));
  const seed = Number(arg('seed', '20261123'));
  const valSeeds = Number(arg('val-seeds', '3'));
  const recipe = SHIPPED_RECIPE;
  const spec = recipeSpec(recipe);
  const t0 = Date.now();

  requireDataFiles('train:sentiment', Object.values(SENTIMENT_FILES).map((f) => path.join(dataDir, f)));
  const data = loadSentimentData(dataDir);
  const { test, dev } = testSplit(data);
  const devRows = [...dev.shop, ...dev.waimai];
  const testRows = [...test.shop, ...test.waimai];
  const devScored = withIds(devRows, cachedFeatures(devRows, spec, data.hashes.combined));
  const testScored = withIds(testRows, cachedFeatures(testRows, spec, data.hashes.combined));
  console.log(`dev ${devRows.length} (train + calibration), untouched test ${testRows.length}`);

  const trained = trainRecipe(devScored, recipe, seed, 'shipped ');
  const { model, uncalibrated, platt } = trained;
  const testShop = testScored.filter((r) => r.source === 'shop');
  const testWaimai = testScored.filter((r) => r.source === 'waimai');
  const testMetrics = {
    shop: evaluate(model, testShop, domainOf),
    waimai: evaluate(model, testWaimai, domainOf),
    all: evaluate(model, testScored, domainOf),
    allUncalibrated: evaluate(uncalibrated, testScored, domainOf),
  };
  console.log(
    `untouched test: e-commerce acc ${(testMetrics.shop.overall.accuracy * 100).toFixed(2)}%, waimai acc ${(testMetrics.waimai.overall.accuracy * 100).toFixed(2)}%`,
  );

  const validation = [];
  for (let k = 0; k < valSeeds; k++) {
    const v = validate(devScored, recipe, VAL_SEED + 1000 * k);
    validation.push(v);
    console.log(`validation seed ${v.seed}: e-commerce ${(v.shop.accuracy * 100).toFixed(2)}%, waimai ${(v.waimai.accuracy * 100).toFixed(2)}%`);
  }

  const hash = featurizerHash(spec);
  const onnx = exportSentimentOnnx(model, { featurizer_hash: hash, model_version: SENTIMENT_MODEL_VERSION });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'model.onnx'), onnx);
  const meta = {
    name: 'sentiment',
    version: SENTIMENT_MODEL_VERSION,
    trainedAt: new Date().toISOString(),
    command: ['npm run train:sentiment', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    modelFile: 'model.onnx',
    modelBytes: onnx.length,
    modelSha256: createHash('sha256').update(onnx).digest('hex'),
    inputs: SENTIMENT_IO.inputs,
    outputs: SENTIMENT_IO.outputs,
    labels: ['negative', 'positive'],
    threshold: 0.5,
    featureHash: hash,
    featurizer: { version: FEATURIZER_VERSION, spec, hash },
    data: {
      files: data.hashes,
      split: {
        testSeed: TEST_SPLIT_SEED,
        testFraction: TEST_FRACTION,
        stratifiedBy: 'shop: cat+label; waimai: label',
        calibrationSeed: seed,
        calibrationFraction: 0.1,
      },
      counts: {
        train: trained.nTrain,
        calibration: trained.nCalib,
        testShop: testShop.length,
        testWaimai: testWaimai.length,
      },
    },
    training: {
      recipe,
      calibration: { method: 'platt-per-member', params: platt },
      combine: 'mean of member probabilities',
    },
    metrics: {
      test: testMetrics,
      validation,
      validationMean: validation.length
        ? { shop: meanFigures(validation.map((v) => v.shop)), waimai: meanFigures(validation.map((v) => v.waimai)) }
        : null,
    },
    trainSeconds: (Date.now() - t0) / 1000,
    loadAverage: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
  };
  fs.writeFileSync(path.join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  writeReport(outDir);
  console.log(`wrote ${outDir}/model.onnx (${(onnx.length / 1e6).toFixed(2)} MB), meta.json, report.md in ${meta.trainSeconds.toFixed(1)} s`);
}

main();
