/**
 * The value model the scoring pass uses: the version the model store's pointer serves (so a
 * promotion or a staff rollback changes what scores on the next page). Its `model.json` is
 * downloaded once per container and checked against the sha256 the store recorded.
 */
import crypto from 'node:crypto';
import type { ModelStore } from '../model-store/store';
import type { ValueModel } from '../value/model';

/** The model store's name of the value model. */
export const VALUE_MODEL = 'value';
/** The file of a version holding the fitted model (plain JSON: BG/NBD, Gamma–Gamma, trees). */
export const MODEL_FILE = 'model.json';

/** A served version. */
export interface ServedValueModel {
  version: string;
  model: ValueModel;
}

/** Thrown when a version's file is missing or does not match its recorded hash. */
export class ValueModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueModelFileError';
  }
}

const cache = new Map<string, ValueModel>();

/** Reads which version serves now and returns it (null = none: the shop has no value model yet). */
export async function servedValueModel(store: ModelStore): Promise<ServedValueModel | null> {
  const { serving } = await store.state(VALUE_MODEL);
  if (!serving) return null;
  const hit = cache.get(serving.version);
  if (hit) return { version: serving.version, model: hit };
  const file = serving.files.find((f) => f.name === MODEL_FILE);
  if (!file) throw new ValueModelFileError(`value ${serving.version} has no ${MODEL_FILE}`);
  const bytes = await store.download(file.fileID);
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new ValueModelFileError(`value ${serving.version}: ${MODEL_FILE} does not match its sha256`);
  const model = JSON.parse(bytes.toString('utf8')) as ValueModel;
  if (cache.size > 4) cache.clear();
  cache.set(serving.version, model);
  return { version: serving.version, model };
}
