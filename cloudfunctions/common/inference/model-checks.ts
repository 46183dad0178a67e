/** Pure checks run before a model is used: meta.json shape, feature hash, input/output names. */
import { FeatureHashMismatchError, ModelIoMismatchError, ModelLoadError } from './errors';
import { modelMetaSchema, type ModelMeta } from './meta';

/** What the CODE expects of a model (registered by the module that feeds it). */
export interface ModelDefinition {
  /** Folder name under the models dir, and meta.json's `name`. */
  name: string;
  /** Input names the code feeds, in any order. */
  inputs: readonly string[];
  /** Output names the code reads (the graph may have more). */
  outputs: readonly string[];
  /** Hash the code computes for its feature spec/featurizer; must equal meta.json's featureHash. */
  featureHash: () => string;
  /** meta.json field holding that hash (default "featureHash"). */
  hashField?: string;
  /**
   * The model's own checks of its meta.json (throw ModelLoadError 'bad_meta'): run on every load,
   * so a shop version that fails them falls back like any other broken version.
   */
  checkMeta?: (meta: ModelMeta) => void;
}

/** Parses meta.json text into a {@link ModelMeta}, or throws ModelLoadError('bad_meta'). */
export function parseMeta(model: string, text: string): ModelMeta {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelLoadError(model, 'bad_meta', `meta.json is not JSON (${(e as Error).message})`, {
      cause: e,
    });
  }
  const r = modelMetaSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelLoadError(model, 'bad_meta', `meta.json is invalid: ${issues}`);
  }
  if (r.data.name !== model)
    throw new ModelLoadError(model, 'bad_meta', `meta.json names model "${r.data.name}"`);
  return r.data;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Checks meta against the code: feature hash first (the most likely drift), then names. */
export function checkMeta(def: ModelDefinition, meta: ModelMeta): void {
  const field = def.hashField ?? 'featureHash';
  const stored = (meta as Record<string, unknown>)[field];
  if (typeof stored !== 'string' || !/^[0-9a-f]{64}$/.test(stored)) {
    throw new ModelLoadError(def.name, 'bad_meta', `meta.json ${field} must be a sha256 hex digest`);
  }
  const code = def.featureHash();
  if (stored !== code) throw new FeatureHashMismatchError(def.name, stored, code);
  const inputs = meta.inputs.map((i) => i.name);
  if (!sameSet(inputs, def.inputs)) {
    throw new ModelIoMismatchError(
      def.name,
      `meta.json inputs [${inputs}] differ from the code's [${def.inputs}]`,
    );
  }
  const outputs = meta.outputs.map((o) => o.name);
  const missing = def.outputs.filter((o) => !outputs.includes(o));
  if (missing.length) throw new ModelIoMismatchError(def.name, `meta.json lacks outputs [${missing}]`);
}

/** Checks the created session's graph against meta.json. */
export function checkSessionIo(
  def: ModelDefinition,
  meta: ModelMeta,
  s: { inputNames: readonly string[]; outputNames: readonly string[] },
): void {
  const inputs = meta.inputs.map((i) => i.name);
  if (!sameSet(s.inputNames, inputs)) {
    throw new ModelIoMismatchError(
      def.name,
      `graph inputs [${s.inputNames}] differ from meta.json's [${inputs}]`,
    );
  }
  const missing = def.outputs.filter((o) => !s.outputNames.includes(o));
  if (missing.length) throw new ModelIoMismatchError(def.name, `graph lacks outputs [${missing}]`);
}
