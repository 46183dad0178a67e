/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { scoreSentiment } from '../../../cloudfunctions/common/inference';
import { featurizeReview } from '../../../cloudfunctions/common/text';
import { ensembleProbability } from '../../../cloudfunctions/common/sentiment-model';
import { ensembleFromOnnx } from '../../../cloudfunctions/common/sentiment-model';

const FILE = path.resolve(__dirname, '../../../models/sentiment/model.onnx');

describe('shipped sentiment model: cloud inference path equals the TS reference', () => {
  const reference = ensembleFromOnnx(fs.readFileSync(FILE));
  const fixed = [
    '质量很好，物流也快，下次还来',
    '太差了，根本不能用',
    '不好',
    '',
    '还行吧',
    '送货速度慢，而且菜都凉了',
    '这本书写得非常精彩，值得一读！！！！',
    '屏幕有坏点，客服也不理人，不会再买了',
    'ＯＫ，不错',
    '没有想象中那么好',
  ];

  it('fixed reviews and random strings agree within 1e-5', async () => {
    const random = fc.sample(
      fc.string({
        unit: fc.constantFrom('好', '差', '不', '没', '很', '，', '！', 'a', '用', '贵', '快'),
        maxLength: 80,
      }),
      { numRuns: 300, seed: 42 },
    );
    const texts = [...fixed, ...random];
    const scores = await scoreSentiment(texts);
    let maxDiff = 0;
    texts.forEach((t, i) => {
      maxDiff = Math.max(
        maxDiff,
        Math.abs(scores[i].positive - ensembleProbability(reference, featurizeReview(t))),
      );
    });
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    expect(scores[0].label).toBe('positive');
    expect(scores[1].label).toBe('negative');
  });
});
