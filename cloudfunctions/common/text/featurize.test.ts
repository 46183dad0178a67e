import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  featurizeReview,
  featurizerHash,
  negationScope,
  prepareText,
  SENTIMENT_FEATURE_SPEC,
  sentimentFeaturizerHash,
} from './index';

const spec = SENTIMENT_FEATURE_SPEC;

describe('featurizeReview golden output (change ⇒ bump FEATURIZER_VERSION and retrain)', () => {
  it.each([
    ['好', [307137]],
    ['不好', [663903, 307137, 739401, 15432]],
    ['很好用！', [758058, 307137, 60165, 373168, 390300, 115598, 868363, 7460, 885932]],
    ['', []],
  ])('%j', (text, ids) => {
    expect(Array.from(featurizeReview(text))).toEqual(ids);
  });

  it('a negated sentence and a long clipped text', () => {
    const ids = featurizeReview('质量不太好，没有想象中的好');
    expect(ids.length).toBe(45);
    expect(Array.from(ids.slice(0, 5))).toEqual([715649, 766808, 663903, 828061, 307137]);
    const long = featurizeReview('这本书'.repeat(200) + '但是结尾很差劲');
    expect(long.length).toBe(36);
    expect(createHash('sha256').update(Buffer.from(long.buffer)).digest('hex')).toBe(
      'dba3ba8fd292b174ec7441ab93017fcaca1c6ea290cfdbffa00628b1ef459d56',
    );
  });

  it('pins the featurizer hash of the shipped spec', () => {
    expect(sentimentFeaturizerHash()).toBe(
      '69c7b0b67e225da1997cd322e98d2fd31b59426de9b290a31d44483b6644c4da',
    );
    expect(featurizerHash({ ...spec, buckets: 1 << 18 })).not.toBe(sentimentFeaturizerHash());
  });
});

describe('featurizeReview properties', () => {
  const text = fc.string({ unit: fc.constantFrom('好', '差', '不', '没', '，', 'Ａ', 'a', ' ', '用', '！') });

  it('yields unique ids inside the bucket range (order of first occurrence)', () => {
    fc.assert(
      fc.property(text, (t) => {
        const ids = Array.from(featurizeReview(t));
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) {
          expect(id).toBeGreaterThanOrEqual(0);
          expect(id).toBeLessThan(spec.buckets);
        }
      }),
    );
  });

  it('dedupes heavy texts correctly (set grows past its initial size)', () => {
    const long = Array.from({ length: 3000 }, (_, i) =>
      String.fromCharCode(0x4e00 + ((i * 7919) % 5000)),
    ).join('');
    const ids = Array.from(featurizeReview(long));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(900);
  });

  it('is the same for full-width and half-width spellings, and deterministic', () => {
    expect(Array.from(featurizeReview('ＯＫ！好'))).toEqual(Array.from(featurizeReview('ok!好')));
    fc.assert(
      fc.property(text, (t) =>
        expect(Array.from(featurizeReview(t))).toEqual(Array.from(featurizeReview(t))),
      ),
    );
  });
});

describe('negationScope', () => {
  it('marks up to 4 chars after a cue and stops at punctuation', () => {
    const t = prepareText('质量不太好，没有想象中的好', spec);
    expect(Array.from(negationScope(t, spec)).join('')).toBe('0001100111100');
  });
});

describe('experimental clause namespaces (off in the shipped spec)', () => {
  const base = (t: string) => new Set(featurizeReview(t));
  it('the shipped spec uses neither', () => {
    expect(spec.finalClauseNgrams).toBeUndefined();
    expect(spec.contrastCues).toBeUndefined();
  });

  it('last-clause n-grams add ids for the final clause only', () => {
    const s = { ...spec, finalClauseNgrams: [1, 2] };
    const extra = (t: string) => Array.from(featurizeReview(t, s)).filter((id) => !base(t).has(id));
    // last clause 就是很差 (trailing 。 stripped): 4 unigrams + 3 bigrams in their own namespace.
    expect(extra('东西不错，就是很差。').length).toBe(7);
    expect(extra('').length).toBe(0);
  });

  it('contrast n-grams appear only after a cue, up to the clause end', () => {
    const s = { ...spec, contrastCues: ['但是', '但'], contrastNgrams: [1] };
    const extra = (t: string) => Array.from(featurizeReview(t, s)).filter((id) => !base(t).has(id));
    expect(extra('质量很好').length).toBe(0);
    expect(extra('质量很好但是太贵，下次再说').length).toBe(2); // 太, 贵
  });
});
