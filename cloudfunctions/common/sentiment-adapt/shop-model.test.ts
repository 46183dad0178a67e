/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { createSession, scoreSentimentWith, scoreSentiment } from '../inference';
import { ensembleFromOnnx, ensembleProbability } from '../sentiment-model';
import { featurizeReview } from '../text';
import { syntheticShop } from '../../../test/helpers/synthetic-shop';
import { buildShopSentimentModel } from './shop-model';

const BASE = fs.readFileSync(path.resolve(__dirname, '../../../models/sentiment/model.onnx'));

describe('buildShopSentimentModel on the shipped base model', () => {
  const shop = buildShopSentimentModel(BASE, syntheticShop(600, 1));

  it('ships an adapted graph that beats the base on the held-back reviews', () => {
    expect(shop.outcome.adapted).toBe(true);
    expect(shop.onnx).toBeDefined();
    const g = shop.outcome.guard!;
    expect(g.adapted.balanced_accuracy).toBeGreaterThanOrEqual(g.base.balanced_accuracy + g.margin);
    // The graph is the base's shape with one member: about half the base's size.
    expect(shop.onnx!.length).toBeLessThan(BASE.length * 0.6);
  });

  it('PARITY: the adapted ONNX graph (onnxruntime, product scoring path) equals its TS reference within 1e-5', async () => {
    const reference = shop.outcome.model!;
    // The graph read back is the reference, bit for bit.
    const back = ensembleFromOnnx(shop.onnx!);
    const bytes = (w: Float32Array) => Buffer.from(w.buffer, w.byteOffset, w.byteLength);
    expect(bytes(back.members[0].weight).equals(bytes(reference.members[0].weight))).toBe(true);
    expect(back.members[0].bias).toBeCloseTo(reference.members[0].bias, 6);
    const session = await createSession(shop.onnx!);
    const random = fc.sample(
      fc.string({ unit: fc.constantFrom('好', '差', '不', '甲', '乙', '，', '！', 'a', '房', '贵'), maxLength: 60 }),
      { numRuns: 200, seed: 5 },
    );
    const texts = [...syntheticShop(50, 2).map((r) => r.text), '', '房间很干净，服务不错', ...random];
    const scores = await scoreSentimentWith(session, texts);
    let maxDiff = 0;
    texts.forEach((t, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(scores[i].positive - ensembleProbability(reference, featurizeReview(t))));
    });
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('the adapted model reads the shop on fresh reviews where the base cannot', async () => {
    const fresh = syntheticShop(300, 3);
    const session = await createSession(shop.onnx!);
    const acc = (s: { positive: number }[]) =>
      s.filter((x, i) => (x.positive >= 0.5 ? 1 : 0) === fresh[i].label).length / fresh.length;
    const adapted = acc(await scoreSentimentWith(session, fresh.map((r) => r.text)));
    const base = acc(await scoreSentiment(fresh.map((r) => r.text)));
    expect(adapted).toBeGreaterThan(0.95);
    expect(adapted).toBeGreaterThan(base + 0.2);
  });

  it('keeps the base (no graph) below the minimum number of rated reviews', () => {
    const small = buildShopSentimentModel(BASE, syntheticShop(50, 4));
    expect(small.outcome).toMatchObject({ adapted: false, reason: 'too_few_reviews', n: 50 });
    expect(small.onnx).toBeUndefined();
  });
});
