/**
 * `npm run train:sentiment [-- --data DIR --out DIR --seed N --no-ood]`: trains the review
 * sentiment ensemble from ../shared/data/sentiment and writes models/sentiment/{model.onnx,
 * meta.json,report.md}. Validation = a seeded stratified 10% of each file (never trained on);
 * calibration = a further 10% of the rest. Out-of-domain estimate: the same recipe trained on
 * e-commerce only, scored on all food-delivery (waimai) reviews. `--extra-seeds N` repeats
 * split + training for N more split seeds and records the spread of validation accuracy.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  featurizeReview,
  featurizerHash,
  FEATURIZER_VERSION,
  SENTIMENT_FEATURE_SPEC,
} from '../../../cloudfunctions/common/text';
import { loadSentimentData, stratifiedSplit, type Review } from './data';
import { evaluate, type Scored } from './evaluate';
import { exportSentimentOnnx, SENTIMENT_IO } from '../../../cloudfunctions/common/sentiment-model';
import { startBar } from './progress';
import { writeReport } from './report';
import { MEMBERS, PRUNING, trainEnsemble } from './train-ensemble';
import { priorShiftedAccuracy } from './prior-shift';

/** Bump when the model's meaning changes (labels, outputs); the file hash identifies the weights. */
export const SENTIMENT_MODEL_VERSION = '1.1.0';

/** Domain of a review for feature pruning: the e-commerce category, or the source (waimai). */
const domainOf = (r: Review) => (r.source === 'shop' ? r.cat : r.source);
const pruning = { ...PRUNING, domainOf };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function featurizeAll(rows: readonly Review[], title: string): Scored[] {
  const bar = startBar(`featurise ${title}`, rows.length);
  const out = rows.map((r, i) => {
    if (i % 2000 === 0) bar.tick(i);
    return { ...r, ids: featurizeReview(r.text) };
  });
  bar.stop();
  return out;
}

function main(): void {
  const root = path.resolve(__dirname, '../../..');
  const dataDir = path.resolve(arg('data', path.join(root, '../shared/data/sentiment')));
  const outDir = path.resolve(arg('out', path.join(root, 'models/sentiment')));
  const seed = Number(arg('seed', '20261123'));
  const spec = SENTIMENT_FEATURE_SPEC;
  const t0 = Date.now();

  const data = loadSentimentData(dataDir);
  const shop = stratifiedSplit(data.shop, (r) => `${r.cat}:${r.label}`, 0.1, seed);
  const waimai = stratifiedSplit(data.waimai, (r) => `${r.label}`, 0.1, seed + 1);
  const pool = stratifiedSplit(
    [...shop.kept, ...waimai.kept],
    (r) => `${r.source}:${r.label}`,
    0.1,
    seed + 2,
  );
  console.log(
    `train ${pool.kept.length}, calibration ${pool.held.length}, validation shop ${shop.held.length} + waimai ${waimai.held.length}`,
  );

  const train = featurizeAll(pool.kept, 'train');
  const calib = featurizeAll(pool.held, 'calibration');
  const valShop = featurizeAll(shop.held, 'validation shop');
  const valWaimai = featurizeAll(waimai.held, 'validation waimai');
  const { model, uncalibrated, platt } = trainEnsemble(train, calib, spec.buckets, MEMBERS, '', pruning);

  const validation = {
    all: evaluate(model, [...valShop, ...valWaimai], (r) => r.source),
    shop: evaluate(model, valShop, (r) => r.cat),
    waimai: evaluate(model, valWaimai, (r) => r.source),
    /** The same members before Platt scaling: shows what calibration changed. */
    allUncalibrated: evaluate(uncalibrated, [...valShop, ...valWaimai], (r) => r.source),
  };
  console.log(
    `validation: shop acc ${(validation.shop.overall.accuracy * 100).toFixed(2)}%, waimai acc ${(validation.waimai.overall.accuracy * 100).toFixed(2)}%, ECE ${validation.all.overall.ece.toFixed(4)}`,
  );

  let outOfDomain: ReturnType<typeof evaluate> | null = null;
  let oodPriorShifted: ReturnType<typeof priorShiftedAccuracy> | null = null;
  if (!process.argv.includes('--no-ood')) {
    // Same recipe without any waimai rows; scored on every waimai review (a domain it never saw).
    const shopPool = stratifiedSplit(shop.kept, (r) => `${r.cat}:${r.label}`, 0.1, seed + 2);
    const ood = trainEnsemble(
      featurizeAll(shopPool.kept, 'ood train (shop only)'),
      featurizeAll(shopPool.held, 'ood calibration'),
      spec.buckets,
      MEMBERS,
      'ood ',
      pruning,
    );
    const waimaiAll = featurizeAll(data.waimai, 'ood waimai (all)');
    outOfDomain = evaluate(ood.model, waimaiAll, (r) => r.source);
    oodPriorShifted = priorShiftedAccuracy(ood.model, waimaiAll, shopPool.kept);
    console.log(
      `out-of-domain estimate (train shop only → waimai): acc ${(outOfDomain.overall.accuracy * 100).toFixed(2)}%`,
    );
  }

  // Leave-one-category-out: the shipped recipe (e-commerce + waimai) without one product category,
  // scored on that category — a second out-of-domain estimate, closer to how the shipped model
  // meets hotel reviews (trained on two domains, tested on a third).
  const leaveOut: Record<string, ReturnType<typeof evaluate>['overall']> = {};
  for (const cat of arg('loco', process.argv.includes('--no-ood') ? '' : '书籍')
    .split(',')
    .filter(Boolean)) {
    const rest = [...data.shop.filter((r) => r.cat !== cat), ...data.waimai];
    const pl = stratifiedSplit(rest, (r) => `${r.source}:${r.label}`, 0.1, seed + 3);
    const m3 = trainEnsemble(
      featurizeAll(pl.kept, `loco ${cat} train`),
      featurizeAll(pl.held, `loco ${cat} calib`),
      spec.buckets,
      MEMBERS,
      `loco `,
      pruning,
    ).model;
    leaveOut[cat] = evaluate(
      m3,
      featurizeAll(
        data.shop.filter((r) => r.cat === cat),
        `loco ${cat} test`,
      ),
      (r) => r.cat,
    ).overall;
    console.log(`leave-one-category-out ${cat}: acc ${(leaveOut[cat].accuracy * 100).toFixed(2)}%`);
  }

  const extraSeeds = Number(arg('extra-seeds', '0'));
  const seedRuns = [
    { seed, shop: validation.shop.overall.accuracy, waimai: validation.waimai.overall.accuracy },
  ];
  for (let k = 1; k <= extraSeeds; k++) {
    const s2 = seed + 1000 * k;
    const sh = stratifiedSplit(data.shop, (r) => `${r.cat}:${r.label}`, 0.1, s2);
    const wm = stratifiedSplit(data.waimai, (r) => `${r.label}`, 0.1, s2 + 1);
    const pl = stratifiedSplit([...sh.kept, ...wm.kept], (r) => `${r.source}:${r.label}`, 0.1, s2 + 2);
    const m2 = trainEnsemble(
      featurizeAll(pl.kept, `seed ${s2} train`),
      featurizeAll(pl.held, `seed ${s2} calib`),
      spec.buckets,
      MEMBERS,
      `s${k} `,
      pruning,
    ).model;
    const shopAcc = evaluate(m2, featurizeAll(sh.held, `seed ${s2} val shop`), (r) => r.cat).overall.accuracy;
    const wmAcc = evaluate(m2, featurizeAll(wm.held, `seed ${s2} val waimai`), (r) => r.cat).overall.accuracy;
    seedRuns.push({ seed: s2, shop: shopAcc, waimai: wmAcc });
    console.log(
      `split seed ${s2}: shop acc ${(shopAcc * 100).toFixed(2)}%, waimai acc ${(wmAcc * 100).toFixed(2)}%`,
    );
  }

  const hash = featurizerHash(spec);
  const onnx = exportSentimentOnnx(model, { featurizer_hash: hash, model_version: SENTIMENT_MODEL_VERSION });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'model.onnx'), onnx);
  const meta = {
    name: 'sentiment',
    version: SENTIMENT_MODEL_VERSION,
    trainedAt: new Date().toISOString(),
    command: [
      'npm run train:sentiment',
      ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
    ].join(' '),
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
        seed,
        validationFraction: 0.1,
        calibrationFraction: 0.1,
        stratifiedBy: 'shop: cat+label; waimai: label',
      },
      counts: {
        train: train.length,
        calibration: calib.length,
        validationShop: valShop.length,
        validationWaimai: valWaimai.length,
      },
    },
    training: {
      members: MEMBERS,
      pruning: PRUNING,
      calibration: { method: 'platt-per-member', params: platt },
      combine: 'mean of member probabilities',
    },
    metrics: {
      validation,
      outOfDomainEstimate: outOfDomain,
      outOfDomainPriorShifted: oodPriorShifted,
      leaveOneCategoryOut: leaveOut,
      splitSeeds: seedRuns,
    },
    trainSeconds: (Date.now() - t0) / 1000,
  };
  fs.writeFileSync(path.join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  writeReport(path.join(outDir, 'report.md'), meta);
  console.log(
    `wrote ${outDir}/model.onnx (${(onnx.length / 1e6).toFixed(2)} MB), meta.json, report.md in ${meta.trainSeconds.toFixed(1)} s`,
  );
}

main();
