import { FeatureHashMismatchError, ModelIoMismatchError, ModelLoadError } from './errors';
import { checkMeta, checkSessionIo, parseMeta, type ModelDefinition } from './model-checks';

const HASH = 'a'.repeat(64);
const def: ModelDefinition = {
  name: 'm',
  inputs: ['ids', 'weights'],
  outputs: ['positive'],
  featureHash: () => HASH,
};
const meta = {
  name: 'm',
  version: '1',
  inputs: [
    { name: 'ids', type: 'int64', dims: ['batch', 'len'] },
    { name: 'weights', type: 'float32', dims: ['batch', 'len'] },
  ],
  outputs: [{ name: 'positive', type: 'float32', dims: ['batch', 1] }],
  featureHash: HASH,
};

describe('model checks', () => {
  it('accepts a matching meta and session', () => {
    const m = parseMeta('m', JSON.stringify(meta));
    expect(m.modelFile).toBe('model.onnx');
    expect(() => checkMeta(def, m)).not.toThrow();
    expect(() =>
      checkSessionIo(def, m, { inputNames: ['weights', 'ids'], outputNames: ['positive', 'logits'] }),
    ).not.toThrow();
  });

  it('names bad meta: not JSON, missing fields, wrong model name', () => {
    expect(() => parseMeta('m', '{')).toThrow(ModelLoadError);
    expect(() => checkMeta(def, parseMeta('m', JSON.stringify({ ...meta, featureHash: 'x' })))).toThrow(
      /featureHash must be/,
    );
    expect(() => parseMeta('m', JSON.stringify({ ...meta, name: 'other' }))).toThrow(/names model "other"/);
    try {
      parseMeta('m', JSON.stringify({ ...meta, inputs: [] }));
    } catch (e) {
      expect((e as ModelLoadError).reason).toBe('bad_meta');
    }
  });

  it('refuses a feature hash mismatch with FeatureHashMismatchError', () => {
    const m = parseMeta('m', JSON.stringify({ ...meta, featureHash: 'b'.repeat(64) }));
    expect(() => checkMeta(def, m)).toThrow(FeatureHashMismatchError);
    expect(() => checkMeta(def, m)).toThrow(/refusing to load/);
  });

  it('reads the hash from the field the definition names (segmentation: featureSpecHash)', () => {
    const m = parseMeta('m', JSON.stringify({ ...meta, featureHash: undefined, featureSpecHash: HASH }));
    expect(() => checkMeta({ ...def, hashField: 'featureSpecHash' }, m)).not.toThrow();
    expect(() => checkMeta(def, m)).toThrow(/featureHash must be/);
  });

  it('refuses input/output drift in meta and in the graph', () => {
    const m = parseMeta('m', JSON.stringify({ ...meta, inputs: [meta.inputs[0]] }));
    expect(() => checkMeta(def, m)).toThrow(ModelIoMismatchError);
    const ok = parseMeta('m', JSON.stringify(meta));
    expect(() => checkSessionIo(def, ok, { inputNames: ['ids'], outputNames: ['positive'] })).toThrow(
      /graph inputs/,
    );
    expect(() =>
      checkSessionIo(def, ok, { inputNames: ['ids', 'weights'], outputNames: ['logits'] }),
    ).toThrow(/lacks outputs/);
  });
});
