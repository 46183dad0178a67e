/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
/**
 * The SHIPPED sentiment model through the cloud inference path (scoreSentiment) on the real
 * untouched test split: reproduces the split (splits.ts, seed in meta.json), checks the data it was
 * trained on is the data here (sha256), and that served accuracy matches what training recorded.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { scoreSentiment } from '../../cloudfunctions/common/inference';
import { binaryMetrics } from '../../cloudfunctions/common/sentiment-model';
import { loadSentimentData } from '../../scripts/train/sentiment/data';
import { testSplit, TEST_SPLIT_SEED } from '../../scripts/train/sentiment/splits';
import { describeWithSharedData } from '../helpers/shared-data';

const MODEL_DIR = path.resolve(__dirname, '../../models/sentiment');
const meta = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'meta.json'), 'utf8'));

describe('shipped sentiment model files', () => {
  it('is ≤ 10 MB and meta.json records its sha256 and size', () => {
    const bytes = fs.readFileSync(path.join(MODEL_DIR, 'model.onnx'));
    expect(bytes.length).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(meta.modelBytes).toBe(bytes.length);
    expect(meta.modelSha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describeWithSharedData('shipped sentiment model on its untouched test split', (dir) => {
  const data = loadSentimentData(path.join(dir, 'sentiment'));

  it('was trained on exactly these files', () => {
    expect(meta.data.files).toEqual(data.hashes);
  });

  it('serves the accuracy training recorded (e-commerce ≥ 94%), calibrated', async () => {
    expect(meta.data.split.testSeed).toBe(TEST_SPLIT_SEED);
    const shop = testSplit(data).test.shop;
    expect(shop.length).toBe(meta.data.counts.testShop);
    const scores = await scoreSentiment(shop.map((r) => r.text));
    const m = binaryMetrics(
      scores.map((s) => s.positive),
      shop.map((r) => r.label),
    );
    expect(Math.abs(m.accuracy - meta.metrics.test.shop.overall.accuracy)).toBeLessThan(0.001);
    expect(m.accuracy).toBeGreaterThanOrEqual(0.94);
    expect(m.ece).toBeLessThan(0.05);
  });
});
