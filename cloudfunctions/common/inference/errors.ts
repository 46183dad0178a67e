/**
 * Named errors of the model registry. Every load failure is a {@link ModelLoadError} (with a
 * `reason`), so callers can `instanceof`-check once and decide their fallback (e.g. keep a
 * customer's last good segment, or store a review without a sentiment score).
 */

/** Why a model could not be loaded. */
export type ModelLoadReason =
  'not_registered' | 'not_found' | 'bad_meta' | 'feature_hash_mismatch' | 'io_mismatch' | 'session_failed';

/** A model could not be loaded. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(
    readonly model: string,
    readonly reason: ModelLoadReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`model "${model}": ${message}`, options);
  }
}

/** meta.json's feature/featurizer hash differs from the code's: the model would get wrong inputs. */
export class FeatureHashMismatchError extends ModelLoadError {
  override name = 'FeatureHashMismatchError';
  constructor(
    model: string,
    readonly metaHash: string,
    readonly codeHash: string,
  ) {
    super(
      model,
      'feature_hash_mismatch',
      `refusing to load: meta.json featureHash ${metaHash.slice(0, 12)}… differs from the code's ${codeHash.slice(0, 12)}… ` +
        '(the model was trained with another feature spec/featurizer; retrain it or deploy the matching code)',
    );
  }
}

/** The graph's or meta's inputs/outputs differ from what the code feeds/reads. */
export class ModelIoMismatchError extends ModelLoadError {
  override name = 'ModelIoMismatchError';
  constructor(model: string, message: string) {
    super(model, 'io_mismatch', message);
  }
}

/** Running a loaded model failed (bad tensor shapes, runtime error). */
export class InferenceError extends Error {
  override name = 'InferenceError';
  constructor(
    readonly model: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`model "${model}": ${message}`, options);
  }
}
