/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { getModel, scoreSentiment } from '.';
import { featurizeReview } from '../text';
import { packSentimentBatch } from './sentiment-pre';
import {
  sentimentKernel,
  sentimentKernelFromOnnx,
  setSentimentKernelEnabled,
  SENTIMENT_KERNEL_MAX_BATCH,
} from './sentiment-kernel';
import { OnnxReadError, readOnnxGraph } from './sentiment-onnx-read';

const FILE = path.resolve(__dirname, '../../../models/sentiment/model.onnx');

const texts = [
  '质量很好，物流也快，下次还来',
  '太差了，根本不能用',
  '',
  '送货速度慢，而且菜都凉了',
  '这本书写得非常精彩，值得一读！！！！',
  'ＯＫ，不错',
  ...fc.sample(
    fc.string({ unit: fc.constantFrom('好', '差', '不', '没', '很', '，', '！', 'a', '用', '贵', '快'), maxLength: 200 }),
    { numRuns: 200, seed: 7 },
  ),
];

afterEach(() => setSentimentKernelEnabled(true));

describe('sentiment kernel (small calls without an onnxruntime run)', () => {
  it('is built from the served model.onnx on the second call (the first is onnxruntime)', async () => {
    const model = await getModel('sentiment');
    expect(sentimentKernel(model)).toBeNull();
    const k = sentimentKernel(model);
    expect(k).not.toBeNull();
    expect(k!.buckets).toBe(1 << 20);
    expect(k!.members).toBeGreaterThanOrEqual(1);
  });

  it('equals the onnxruntime output of the same file within 1e-6', async () => {
    const model = await getModel('sentiment');
    const k = (sentimentKernel(model) ?? sentimentKernel(model))!; // built on the second ask
    const feats = texts.map((t) => featurizeReview(t));
    let maxDiff = 0;
    for (const f of feats) {
      const b = packSentimentBatch([f]);
      const ort = (await model.run({ ids: b.ids, weights: b.weights })).positive.data[0] as number;
      maxDiff = Math.max(maxDiff, Math.abs(ort - k.positive(f)));
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('scoreSentiment gives the same scores with and without it', async () => {
    const small = texts.slice(0, SENTIMENT_KERNEL_MAX_BATCH);
    const fast = await Promise.all(texts.map((t) => scoreSentiment([t])));
    const fastBatch = await scoreSentiment(small);
    setSentimentKernelEnabled(false);
    const slow = await Promise.all(texts.map((t) => scoreSentiment([t])));
    const slowBatch = await scoreSentiment(small);
    fast.forEach((s, i) => {
      expect(Math.abs(s[0].positive - slow[i][0].positive)).toBeLessThanOrEqual(1e-6);
      expect(s[0].label).toBe(slow[i][0].label);
    });
    fastBatch.forEach((s, i) => expect(Math.abs(s.positive - slowBatch[i].positive)).toBeLessThanOrEqual(1e-6));
  });

  it('refuses a graph that is not the expected op chain', () => {
    const bytes = fs.readFileSync(FILE);
    expect(readOnnxGraph(bytes).ops).toContain('Gather');
    // Rename the Sigmoid op (NodeProto.op_type = field 4, length 7) in place: the kernel must not be used.
    const s = Buffer.from(bytes);
    const at = s.indexOf(Buffer.from([0x22, 0x07, ...Buffer.from('Sigmoid')]));
    expect(at).toBeGreaterThan(0);
    s.write('Sigmoie', at + 2);
    expect(sentimentKernelFromOnnx(s)).toBeNull();
  });

  it('rejects bytes that are not a model', () => {
    expect(() => readOnnxGraph(Uint8Array.from([0x3a, 0x05, 1]))).toThrow(OnnxReadError);
    expect(() => readOnnxGraph(new Uint8Array(0))).toThrow(OnnxReadError);
  });
});
