/**
 * Trains the ensemble members on featurised examples, calibrates each with Platt scaling on a
 * separate calibration slice of the training data, and folds the calibration into the weights.
 */
import { fitPlatt, type Platt } from './calibrate';
import type { EnsembleMember, SentimentEnsemble } from '../../../cloudfunctions/common/sentiment-model';
import { linearLogit, nbRatios, trainLinear, type Example } from './linear';
import { augmentByDomain } from './domain-augment';
import { featureMask, type MaskOptions } from './feature-mask';
import { startBar } from './progress';

/** Hyper-parameters of one member (chosen on the validation split, see report.md). */
export interface MemberConfig {
  name: string;
  /** NBSVM-style: scale binary features by NB log-count ratios. */
  nb: boolean;
  lr: number;
  l2: number;
  epochs: number;
  averageFrom: number;
  seed: number;
  /** Feature dropout during training (see linear.ts; absent = 0). */
  dropout?: number;
}

/** The shipped members: plain LR and NB-weighted LR over the same hashed features. */
export const MEMBERS: MemberConfig[] = [
  { name: 'lr', nb: false, lr: 0.2, l2: 0, epochs: 8, averageFrom: 2, seed: 11 },
  { name: 'nblr', nb: true, lr: 0.3, l2: 0, epochs: 8, averageFrom: 2, seed: 12 },
];

/**
 * The shipped feature pruning (training-side; the featurizer is unchanged): buckets seen in fewer
 * than 8 training documents keep weight 0. Chosen on the out-of-domain proxies (report.md).
 */
export const PRUNING: MaskOptions = { minDf: 8 };

/** Trains and calibrates; returns the calibrated ensemble, the raw one (for the report) and each member's Platt parameters. */
export function trainEnsemble(
  train: readonly Example[],
  calib: readonly Example[],
  buckets: number,
  members: readonly MemberConfig[] = MEMBERS,
  label = '',
  pruning: MaskOptions & { augment?: boolean } = {},
): { model: SentimentEnsemble; uncalibrated: SentimentEnsemble; platt: Record<string, Platt> } {
  const out: EnsembleMember[] = [];
  const raw: EnsembleMember[] = [];
  const platt: Record<string, Platt> = {};
  const mask = featureMask(train, buckets, pruning);
  // Domain augmentation trains over 2·buckets ids (shared + domain copies); only the shared half is kept.
  const fit = pruning.augment
    ? augmentByDomain(train, buckets, pruning.domainOf as (e: Example) => string)
    : train;
  const fitBuckets = pruning.augment ? 2 * buckets : buckets;
  for (const cfg of members) {
    const bar = startBar(`train ${label}${cfg.name}`, cfg.epochs * train.length);
    let values = cfg.nb ? nbRatios(fit, fitBuckets) : undefined;
    if (mask) {
      if (!values) values = new Float32Array(fitBuckets).fill(1);
      for (let j = 0; j < buckets; j++) values[j] *= mask[j];
    }
    const full = trainLinear(fit, fitBuckets, {
      epochs: cfg.epochs,
      lr: cfg.lr,
      l2: cfg.l2,
      seed: cfg.seed,
      scale: 'sqrt',
      averageFrom: cfg.averageFrom,
      dropout: cfg.dropout,
      values,
      onProgress: (done) => bar.tick(done),
    });
    bar.stop();
    const m = { ...full, weight: full.weight.subarray(0, buckets) };
    const p = fitPlatt(
      calib.map((e) => linearLogit(m, e.ids)),
      calib.map((e) => e.label),
    );
    platt[cfg.name] = p;
    raw.push({ name: cfg.name, weight: m.weight, bias: m.bias });
    const weight = new Float32Array(buckets);
    for (let j = 0; j < buckets; j++) weight[j] = p.a * m.weight[j];
    out.push({ name: cfg.name, weight, bias: p.a * m.bias + p.c });
  }
  return { model: { buckets, members: out }, uncalibrated: { buckets, members: raw }, platt };
}
