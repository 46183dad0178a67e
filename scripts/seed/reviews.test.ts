import path from 'node:path';
import { loadReviews } from './reviews';
import { loadSentimentData } from '../train/sentiment/data';
import { testSplit } from '../train/sentiment/splits';
import { describeWithSharedData } from '../../test/helpers/shared-data';

describe('loadReviews without ../shared', () => {
  it('falls back to the built-in list', () => {
    const r = loadReviews(null, 400);
    expect(r.length).toBeGreaterThan(4);
    expect(r.some((x) => x.positive) && r.some((x) => !x.positive)).toBe(true);
  });
});

describeWithSharedData('loadReviews from ../shared/data', (dir) => {
  const data = loadSentimentData(path.join(dir, 'sentiment'));
  const { test, dev } = testSplit(data);
  const devTexts = new Set(dev.shop.map((r) => r.text.trim()));
  const testLabel = new Map(test.shop.map((r) => [r.text.trim(), r.label === 1]));

  it('seeds only reviews the shipped sentiment model never trained on (the untouched test split)', () => {
    const r = loadReviews(dir, 400);
    expect(r).toHaveLength(400);
    expect(r.filter((x) => devTexts.has(x.text))).toEqual([]);
    for (const x of r) expect(testLabel.get(x.text)).toBe(x.positive);
  });

  it('wholeCorpus draws beyond the test split (scale tests)', () => {
    const r = loadReviews(dir, 20_000, 7, { wholeCorpus: true });
    expect(r).toHaveLength(20_000);
    expect(r.some((x) => devTexts.has(x.text))).toBe(true);
  });

});
