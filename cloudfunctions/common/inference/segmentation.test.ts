/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeFeatures, computeRawFeatures, FEATURE_NAMES } from '../features';
import { foldEvents } from '../profile';
import type { StoredEvent } from '../profile/types';
import { FeatureHashMismatchError, ModelLoadError } from './errors';
import { findModelDir } from './models-dir';
import { forgetModels } from './registry';
import { checkSegmentationMeta, getSegmentationModel, SegmentationInputError } from './segmentation';
import { toAssignment, UnknownSegmentError } from './segmentation-post';

const dir = findModelDir('segmentation') as string;
const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
const NOW = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function buy(daysAgo: number, fen: number, i: number): StoredEvent {
  const ts = NOW - daysAgo * DAY;
  return {
    _id: `u:${i}`,
    openid: 'u',
    eventId: String(i),
    name: 'purchase',
    ts,
    clientTs: ts,
    receivedAt: ts,
    sessionId: `s${daysAgo}`,
    deviceId: 'd',
    seq: i,
    props: {
      orderId: `o${i}`,
      amountFen: fen,
      items: [{ productId: 'p', categoryId: 'c', quantity: 1, priceFen: fen }],
    },
    applied: true,
  };
}

/** Run `fn` with QX_MODELS_DIR pointing at a temp models folder holding `files`. */
async function withModelsDir(files: Record<string, string | Buffer>, fn: () => Promise<void>): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-models-'));
  fs.mkdirSync(path.join(root, 'segmentation'));
  for (const [name, body] of Object.entries(files))
    fs.writeFileSync(path.join(root, 'segmentation', name), body);
  process.env.QX_MODELS_DIR = root;
  forgetModels();
  try {
    await fn();
  } finally {
    delete process.env.QX_MODELS_DIR;
    forgetModels();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('segmentation model (shipped files, through the registry)', () => {
  it('has a meta.json that fits this code', () => {
    expect(() => checkSegmentationMeta(meta)).not.toThrow();
    expect(() => checkSegmentationMeta({ ...meta, featureNames: meta.featureNames.slice(1) })).toThrow(
      ModelLoadError,
    );
  });

  it('refuses a model trained on another feature spec, with a clear error', async () => {
    await withModelsDir(
      {
        'meta.json': JSON.stringify({ ...meta, featureSpecHash: 'f'.repeat(64) }),
        'model.onnx': fs.readFileSync(path.join(dir, 'model.onnx')),
      },
      async () => {
        await expect(getSegmentationModel()).rejects.toThrow(FeatureHashMismatchError);
      },
    );
  });

  it('refuses a corrupt model file (ModelLoadError, not cached)', async () => {
    await withModelsDir({ 'meta.json': JSON.stringify(meta), 'model.onnx': 'not a model' }, async () => {
      await expect(getSegmentationModel()).rejects.toThrow(ModelLoadError);
    });
    await expect(getSegmentationModel()).resolves.toBeTruthy(); // the shipped model loads afterwards
  });

  it('scores real profiles: a loyal buyer and a long-gone one land in different named segments', async () => {
    const model = await getSegmentationModel();
    const loyal = foldEvents([
      buy(2, 30000, 1),
      buy(9, 25000, 2),
      buy(20, 40000, 3),
      buy(40, 20000, 4),
      buy(70, 30000, 5),
      buy(100, 30000, 6),
    ]);
    const gone = foldEvents([buy(380, 1500, 1)]);
    const rows = Array.from({ length: 2050 }, (_, i) => (i % 2 ? gone : loyal)); // > 2 batches of 1024
    const inputs = rows.map((p) => computeFeatures(p, NOW));
    const out = await model.score(inputs);
    expect(out.segment).toHaveLength(2050);
    expect(out.distances).toHaveLength(2050 * meta.segments.length);
    expect(out.segment[2048]).toBe(out.segment[0]);
    expect(out.segment[2049]).toBe(out.segment[1]);
    expect(out.segment[0]).not.toBe(out.segment[1]);
    const raw = (p: typeof loyal) => FEATURE_NAMES.map((f) => computeRawFeatures(p, NOW)[f] ?? NaN);
    const a = toAssignment(meta, out.segment[0], inputs[0], raw(loyal));
    const b = toAssignment(meta, out.segment[1], inputs[1], raw(gone));
    expect(a.segmentName).toMatch(/忠诚高消费|活跃/);
    expect(b.segmentName).toMatch(/沉睡/);
    expect(a.segmentReasons.join()).toMatch(/高于一般客户|比一般客户/);
    expect(() => toAssignment(meta, 999, inputs[0], raw(loyal))).toThrow(UnknownSegmentError);
    await expect(model.score([[1, 2, 3]])).rejects.toThrow(SegmentationInputError);
  });
});
