/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataType, GraphBuilder } from '../onnx';
import { FeatureHashMismatchError, ModelLoadError } from './errors';
import { forgetModels, getModel, registerModel } from './registry';

const HASH = 'c'.repeat(64);
let dir: string;
const saved = process.env.QX_MODELS_DIR;

function writeModel(name: string, meta: Record<string, unknown> = {}, bytes?: Uint8Array): void {
  const g = new GraphBuilder('double');
  g.input('x', DataType.FLOAT, ['batch', 2]);
  g.op('Mul', ['x', g.floats('two', [1], [2])], {}, 'y');
  g.output('y', DataType.FLOAT, ['batch', 2]);
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, 'model.onnx'), bytes ?? g.encode());
  const base = {
    name,
    version: 1,
    inputs: [{ name: 'x', type: 'float32', dims: ['batch', 2] }],
    outputs: [{ name: 'y', type: 'float32', dims: ['batch', 2] }],
    featureHash: HASH,
  };
  fs.writeFileSync(path.join(dir, name, 'meta.json'), JSON.stringify({ ...base, ...meta }));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-models-'));
  process.env.QX_MODELS_DIR = dir;
  forgetModels();
  for (const name of ['double', 'absent', 'drifted', 'broken']) {
    registerModel({ name, inputs: ['x'], outputs: ['y'], featureHash: () => HASH });
  }
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.QX_MODELS_DIR;
  else process.env.QX_MODELS_DIR = saved;
});

describe('model registry', () => {
  it('loads a model once per container and runs it', async () => {
    writeModel('double');
    const p1 = getModel('double');
    const p2 = getModel('double');
    expect(p1).toBe(p2);
    const m = await p1;
    const out = await m.run({ x: { type: 'float32', data: Float32Array.from([1, 2, 3, 4]), dims: [2, 2] } });
    expect(Array.from(out.y.data as Float32Array)).toEqual([2, 4, 6, 8]);
    expect(m.dir).toBe(path.join(dir, 'double'));
  });

  it('reports a missing model as ModelLoadError(not_found) and does not cache the failure', async () => {
    await expect(getModel('absent')).rejects.toMatchObject({ name: 'ModelLoadError', reason: 'not_found' });
    writeModel('absent');
    await expect(getModel('absent')).resolves.toMatchObject({ name: 'absent' });
  });

  it('refuses a model whose meta featureHash differs from the code', async () => {
    writeModel('drifted', { featureHash: 'd'.repeat(64) });
    await expect(getModel('drifted')).rejects.toBeInstanceOf(FeatureHashMismatchError);
  });

  it('names an unregistered model and a corrupt model file', async () => {
    await expect(getModel('nobody')).rejects.toMatchObject({ reason: 'not_registered' });
    writeModel('broken', {}, Uint8Array.from([1, 2, 3]));
    const err = await getModel('broken').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).reason).toBe('session_failed');
  });

  it('refuses a graph whose inputs differ from meta.json', async () => {
    writeModel('drifted', {
      inputs: [
        { name: 'x', type: 'float32', dims: [1] },
        { name: 'z', type: 'float32', dims: [1] },
      ],
    });
    registerModel({ name: 'drifted', inputs: ['x', 'z'], outputs: ['y'], featureHash: () => HASH });
    await expect(getModel('drifted')).rejects.toMatchObject({ name: 'ModelIoMismatchError' });
  });
});
