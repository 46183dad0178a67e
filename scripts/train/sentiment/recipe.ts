/**
 * A training recipe (members + feature pruning + featurizer overrides) and the one function that
 * trains it on featurised rows: the shipped model, the validation seeds, the leave-one-domain-out
 * harness and the experiments all go through {@link trainRecipe}, so they measure the same thing.
 */
import type { SentimentEnsemble } from '../../../cloudfunctions/common/sentiment-model';
import { SENTIMENT_FEATURE_SPEC, type SentimentFeatureSpec } from '../../../cloudfunctions/common/text';
import { stratifiedSplit, type Review } from './data';
import type { Scored } from './evaluate';
import type { MaskOptions } from './feature-mask';
import { domainOf } from './splits';
import { MEMBERS, PRUNING, trainEnsemble, type MemberConfig } from './train-ensemble';

/** A recipe variant; absent fields are the shipped recipe's. */
export interface Recipe extends MaskOptions {
  name: string;
  members?: MemberConfig[];
  /** Featurizer overrides (e.g. contrast clauses); the featurizer hash changes with them. */
  spec?: Partial<SentimentFeatureSpec>;
  /** Repeat the training rows of a domain (e.g. {"waimai": 2}). */
  repeatDomain?: Record<string, number>;
}

/** The shipped recipe. */
export const SHIPPED_RECIPE: Recipe = { name: 'shipped', ...PRUNING };

/** The featurizer spec of a recipe. */
export const recipeSpec = (r: Recipe): SentimentFeatureSpec => ({ ...SENTIMENT_FEATURE_SPEC, ...(r.spec ?? {}) });

/**
 * Trains `recipe` on `rows`: a seeded stratified 10% (by domain and label) calibrates the
 * members, the rest trains them.
 */
export function trainRecipe(
  rows: readonly Scored[],
  recipe: Recipe,
  calibSeed: number,
  label = '',
): { model: SentimentEnsemble; uncalibrated: SentimentEnsemble; platt: Record<string, { a: number; c: number }>; nTrain: number; nCalib: number } {
  const pool = stratifiedSplit(rows, (r) => `${domainOf(r)}:${r.label}`, 0.1, calibSeed);
  const rep = recipe.repeatDomain ?? {};
  const train = pool.kept.flatMap((r) => Array<Scored>(rep[domainOf(r)] ?? 1).fill(r));
  const res = trainEnsemble(train, pool.held, recipeSpec(recipe).buckets, recipe.members ?? MEMBERS, label, {
    ...recipe,
    domainOf: domainOf as (e: never) => string,
  });
  return { ...res, nTrain: train.length, nCalib: pool.held.length };
}

/** Attaches cached ids to reviews. */
export function withIds(rows: readonly Review[], ids: readonly Int32Array[]): Scored[] {
  return rows.map((r, i) => ({ ...r, ids: ids[i] }));
}
