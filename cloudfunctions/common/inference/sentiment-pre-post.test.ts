import { featurizeReview } from '../text';
import { encodeSentimentBatch, packSentimentBatch, planBatches } from './sentiment-pre';
import { decodeSentiment } from './sentiment-post';

describe('sentiment pre-processing', () => {
  it('pads to the longest text with weight 0 and weighs real ids 1/sqrt(n)', () => {
    const b = packSentimentBatch([Int32Array.from([3, 5, 9, 11]), Int32Array.from([7])]);
    expect(b.ids.dims).toEqual([2, 4]);
    expect(Array.from(b.ids.data as BigInt64Array)).toEqual([3n, 5n, 9n, 11n, 7n, 0n, 0n, 0n]);
    expect(Array.from(b.weights.data as Float32Array)).toEqual([0.5, 0.5, 0.5, 0.5, 1, 0, 0, 0]);
  });

  it('gives an empty text one all-padding slot', () => {
    const b = encodeSentimentBatch(['']);
    expect(b.ids.dims).toEqual([1, 1]);
    expect(Array.from(b.weights.data as Float32Array)).toEqual([0]);
  });

  it('writes ids above 2^16 and up to 2^31-1 exactly', () => {
    const b = packSentimentBatch([Int32Array.from([70000, 2 ** 31 - 1])]);
    expect(Array.from(b.ids.data as BigInt64Array)).toEqual([70000n, 2n ** 31n - 1n]);
  });

  it('plans length-grouped batches covering every text once', () => {
    const f = [5, 1, 9, 3, 7].map((n) => new Int32Array(n));
    expect(planBatches(f, 8)).toEqual([[0, 1, 2, 3, 4]]);
    const plan = planBatches(f, 2);
    expect(plan).toEqual([[1, 3], [0, 4], [2]]);
  });

  it('uses the shared featurizer', () => {
    const b = encodeSentimentBatch(['很好用！']);
    expect(Array.from(b.ids.data as BigInt64Array).map(Number)).toEqual(
      Array.from(featurizeReview('很好用！')),
    );
  });
});

describe('sentiment post-processing', () => {
  it('labels by threshold and clamps to [0,1]', () => {
    expect(decodeSentiment(Float32Array.from([0.9, 0.5, 0.2, 1.0000001]), 4)).toEqual([
      { positive: Math.fround(0.9), label: 'positive' },
      { positive: 0.5, label: 'positive' },
      { positive: Math.fround(0.2), label: 'negative' },
      { positive: 1, label: 'positive' },
    ]);
    expect(decodeSentiment([0.6], 1, 0.7)[0].label).toBe('negative');
  });

  it('refuses a count mismatch', () => {
    expect(() => decodeSentiment([0.1], 2)).toThrow(RangeError);
  });
});
