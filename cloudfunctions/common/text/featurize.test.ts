import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { featurizeReview, featurizerHash, negationScope, prepareText, SENTIMENT_FEATURE_SPEC, sentimentFeaturizerHash } from './index';

const spec = SENTIMENT_FEATURE_SPEC;

describe('featurizeReview golden output (change ⇒ bump FEATURIZER_VERSION and retrain)', () => {
  it.each([
    ['好', [307137]],
    ['不好', [15432, 307137, 663903, 739401]],
    ['很好用！', [7460, 60165, 115598, 307137, 373168, 390300, 758058, 868363, 885932]],
    ['', []],
  ])('%j', (text, ids) => {
    expect(Array.from(featurizeReview(text))).toEqual(ids);
  });

  it('a negated sentence and a long clipped text', () => {
    const ids = featurizeReview('质量不太好，没有想象中的好');
    expect(ids.length).toBe(45);
    expect(Array.from(ids.slice(0, 5))).toEqual([15432, 34186, 57568, 59759, 91444]);
    const long = featurizeReview('这本书'.repeat(200) + '但是结尾很差劲');
    expect(long.length).toBe(36);
    expect(createHash('sha256').update(Buffer.from(long.buffer)).digest('hex')).toBe(
      '05a9d2b887f8f80426b39f221ee695196e92b8dc11751f36be5aab9eeeb07a5c',
    );
  });

  it('pins the featurizer hash of the shipped spec', () => {
    expect(sentimentFeaturizerHash()).toBe('69c7b0b67e225da1997cd322e98d2fd31b59426de9b290a31d44483b6644c4da');
    expect(featurizerHash({ ...spec, buckets: 1 << 18 })).not.toBe(sentimentFeaturizerHash());
  });
});

describe('featurizeReview properties', () => {
  const text = fc.string({ unit: fc.constantFrom('好', '差', '不', '没', '，', 'Ａ', 'a', ' ', '用', '！') });

  it('yields sorted unique ids inside the bucket range', () => {
    fc.assert(
      fc.property(text, (t) => {
        const ids = featurizeReview(t);
        for (let i = 0; i < ids.length; i++) {
          expect(ids[i]).toBeGreaterThanOrEqual(0);
          expect(ids[i]).toBeLessThan(spec.buckets);
          if (i > 0) expect(ids[i]).toBeGreaterThan(ids[i - 1]);
        }
      }),
    );
  });

  it('is the same for full-width and half-width spellings, and deterministic', () => {
    expect(Array.from(featurizeReview('ＯＫ！好'))).toEqual(Array.from(featurizeReview('ok!好')));
    fc.assert(fc.property(text, (t) => expect(Array.from(featurizeReview(t))).toEqual(Array.from(featurizeReview(t)))));
  });
});

describe('negationScope', () => {
  it('marks up to 4 chars after a cue and stops at punctuation', () => {
    const t = prepareText('质量不太好，没有想象中的好', spec);
    expect(Array.from(negationScope(t, spec)).join('')).toBe('0001100111100');
  });
});
