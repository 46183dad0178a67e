/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createModelStore, memoryModelStorePorts, SHIPPED, type ModelStore } from '../model-store';
import { DataType, GraphBuilder } from '../onnx';
import { storeModelSource, type ModelSource } from './model-source';
import { ModelLoadError } from './errors';
import { configureModelSource, forgetModels, getModel, registerModel } from './registry';

const HASH = 'c'.repeat(64);
const saved = { models: process.env.QX_MODELS_DIR, cache: process.env.QX_MODEL_CACHE_DIR };
let dir: string;
let store: ModelStore;
let ports: ReturnType<typeof memoryModelStorePorts>;
let now = 0;
let pointerReads = 0;

/** A graph y = k·x, so the output says which version ran. */
function graph(k: number): Uint8Array {
  const g = new GraphBuilder('scale');
  g.input('x', DataType.FLOAT, ['batch', 1]);
  g.op('Mul', ['x', g.floats('k', [1], [k])], {}, 'y');
  g.output('y', DataType.FLOAT, ['batch', 1]);
  return g.encode();
}
const meta = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'scale',
    version: 1,
    inputs: [{ name: 'x' }],
    outputs: [{ name: 'y' }],
    featureHash: HASH,
    ...extra,
  });

async function publish(
  k: number,
  opts: { metaExtra?: Record<string, unknown>; bytes?: Uint8Array } = {},
): Promise<string> {
  const c = await store.publishCandidate({
    model: 'scale',
    files: {
      'model.onnx': Buffer.from(opts.bytes ?? graph(k)),
      'meta.json': Buffer.from(meta(opts.metaExtra)),
    },
    dataWindow: { from: '2026-01-01', to: '2026-02-01', n: 500 },
  });
  const r = await store.guard({
    model: 'scale',
    version: c.version,
    evaluation: {
      metric: 'acc',
      candidate: 0.9 + k / 100,
      incumbent: 0.5,
      heldOut: 100,
      incumbentVersion: c.parent,
    },
    rule: { higherIsBetter: true },
  });
  expect(r.promoted).toBe(true);
  return c.version;
}

async function scaleOf(): Promise<number> {
  const m = await getModel('scale');
  const out = await m.run({ x: { type: 'float32', data: Float32Array.from([1]), dims: [1, 1] } });
  return (out.y.data as Float32Array)[0];
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-reg-'));
  process.env.QX_MODELS_DIR = path.join(dir, 'shipped');
  process.env.QX_MODEL_CACHE_DIR = path.join(dir, 'cache');
  fs.mkdirSync(path.join(dir, 'shipped', 'scale'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'shipped', 'scale', 'model.onnx'), graph(1));
  fs.writeFileSync(path.join(dir, 'shipped', 'scale', 'meta.json'), meta());
  registerModel({ name: 'scale', inputs: ['x'], outputs: ['y'], featureHash: () => HASH });
  let t = Date.parse('2026-03-01T00:00:00Z');
  ports = memoryModelStorePorts(() => new Date((t += 1000)));
  store = createModelStore(ports);
  const src = storeModelSource(store);
  const counting: ModelSource = { ...src, pointer: (m) => (pointerReads++, src.pointer(m)) };
  now = 0;
  pointerReads = 0;
  configureModelSource(counting, { ttlMs: 60_000, now: () => now });
});
afterEach(() => {
  configureModelSource(null);
  forgetModels();
  fs.rmSync(dir, { recursive: true, force: true });
  process.env.QX_MODELS_DIR = saved.models;
  process.env.QX_MODEL_CACHE_DIR = saved.cache;
  if (saved.models === undefined) delete process.env.QX_MODELS_DIR;
  if (saved.cache === undefined) delete process.env.QX_MODEL_CACHE_DIR;
});

describe('registry with a model store', () => {
  it('serves the shipped model when the shop has no version, and says so', async () => {
    expect(await scaleOf()).toBe(1);
    expect(await getModel('scale')).toMatchObject({
      version: SHIPPED,
      source: 'shipped',
      why: expect.stringMatching(/no shop version/),
    });
  });

  it('serves the promoted version, downloaded once to the cache dir', async () => {
    const v = await publish(3);
    expect(await scaleOf()).toBe(3);
    expect(await getModel('scale')).toMatchObject({ version: v, source: 'store', why: 'serving version' });
    expect(fs.existsSync(path.join(dir, 'cache', 'scale', v, '.complete'))).toBe(true);
  });

  it('reads the pointer once per TTL and notices a promotion and a rollback after it', async () => {
    expect(await scaleOf()).toBe(1);
    const v = await publish(4);
    for (let i = 0; i < 20; i++) expect(await scaleOf()).toBe(1); // within the TTL: no read
    expect(pointerReads).toBe(1);
    now += 60_001;
    expect(await scaleOf()).toBe(4);
    expect(pointerReads).toBe(2);
    await store.rollback({ model: 'scale', to: SHIPPED, by: 'staff' });
    now += 60_001;
    expect(await scaleOf()).toBe(1);
    expect((await getModel('scale')).version).toBe(SHIPPED);
    expect(v).toBeTruthy();
  });

  it('falls back to the last good version when the serving one is broken, and reports it', async () => {
    const good = await publish(5);
    const bad = await publish(6, { bytes: Uint8Array.from([1, 2, 3]) });
    expect(await scaleOf()).toBe(5);
    expect(await getModel('scale')).toMatchObject({
      version: good,
      why: expect.stringMatching(
        new RegExp(`fallback to last good version: ${bad} failed \\(session_failed\\)`),
      ),
    });
    expect((await store.version('scale', bad))?.loadFailures).toEqual([
      expect.objectContaining({ reason: 'session_failed' }),
    ]);
  });

  it("falls back when a version fails the model's own meta checks", async () => {
    registerModel({
      name: 'scale',
      inputs: ['x'],
      outputs: ['y'],
      featureHash: () => HASH,
      checkMeta: (m) => {
        if ((m as unknown as { k?: number }).k === 0)
          throw new ModelLoadError('scale', 'bad_meta', 'k must not be 0');
      },
    });
    const good = await publish(3);
    const bad = await publish(4, { metaExtra: { k: 0 } });
    expect(await scaleOf()).toBe(3);
    expect((await getModel('scale')).why).toMatch(
      new RegExp(`fallback to last good version: ${bad} failed \\(bad_meta\\)`),
    );
    expect((await getModel('scale')).version).toBe(good);
  });

  it('falls back to the shipped model when serving and last good both fail (feature hash, corrupt file)', async () => {
    await publish(7, { metaExtra: { featureHash: 'd'.repeat(64) } });
    const v2 = await publish(8);
    // corrupt the stored bytes of v2's graph: the sha256 check refuses it
    const f = (await store.version('scale', v2))!.files.find((x) => x.name === 'model.onnx')!;
    ports.files.blobs.set(f.fileID, Buffer.from(graph(9)));
    expect(await scaleOf()).toBe(1);
    const m = await getModel('scale');
    expect(m).toMatchObject({
      version: SHIPPED,
      why: expect.stringMatching(/fallback to the shipped model: .*bad_meta.*feature_hash_mismatch/),
    });
  });

  it('serves the shipped model when the pointer cannot be read, and retries after the TTL', async () => {
    const v = await publish(2);
    const src = storeModelSource(store);
    let fail = true;
    configureModelSource(
      { ...src, pointer: (m) => (fail ? Promise.reject(new Error('db down')) : src.pointer(m)) },
      { now: () => now },
    );
    expect(await scaleOf()).toBe(1);
    expect((await getModel('scale')).why).toMatch(/unreadable: db down/);
    fail = false;
    now += 60_001;
    expect(await scaleOf()).toBe(2);
    expect((await getModel('scale')).version).toBe(v);
  });
});
