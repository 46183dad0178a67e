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
/**
 * The version's ONNX graph of the learned part (checked against the trees before publishing).
 * Scoring reads model.json: the compiled TypeScript trees are exact in double precision and
 * faster here than an onnxruntime batch (models/value/report.md, "Speed, cold start, fit, memory"), and
 * need no native session.
 */
export const GRAPH_FILE = 'value.onnx';

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

async function load(
  store: ModelStore,
  version: string,
  files: ReadonlyArray<{ name: string; fileID: string; sha256: string }>,
): Promise<ValueModel> {
  const file = files.find((f) => f.name === MODEL_FILE);
  if (!file) throw new ValueModelFileError(`value ${version} has no ${MODEL_FILE}`);
  const bytes = await store.download(file.fileID);
  if (crypto.createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new ValueModelFileError(`value ${version}: ${MODEL_FILE} does not match its sha256`);
  return JSON.parse(bytes.toString('utf8')) as ValueModel;
}

/** Reads which version serves now and returns it (null = none: the shop has no value model yet). */
export async function servedValueModel(store: ModelStore): Promise<ServedValueModel | null> {
  const { serving } = await store.state(VALUE_MODEL);
  if (!serving) return null;
  const hit = cache.get(serving.version);
  if (hit) return { version: serving.version, model: hit };
  let model: ValueModel;
  try {
    model = await load(store, serving.version, serving.files);
  } catch (err) {
    // Shown on the 模型 card (加载失败 N 次); the pass retries and profiles keep their predictions.
    const reason = err instanceof ValueModelFileError ? 'bad_file' : 'download_failed';
    await store.reportLoadFailure(VALUE_MODEL, serving.version, reason, (err as Error).message);
    throw err;
  }
  if (cache.size > 4) cache.clear();
  cache.set(serving.version, model);
  return { version: serving.version, model };
}
