import path from 'node:path';
import { readShippedSentiment } from '../../cloudfunctions/common/inference/sentiment-shipped';
import { adaptShopSentiment, ratedReviews } from '../../cloudfunctions/common/sentiment-adapt/refit';
import { buildCatalog } from './catalog';
import { planDemoEvents } from './customers';
import { loadReviews } from './reviews';
import { loadSentimentData } from '../train/sentiment/data';
import { testSplit } from '../train/sentiment/splits';
import { describeWithSharedData } from '../../test/helpers/shared-data';

describe('loadReviews without ../shared', () => {
  it('composes distinct reviews in a shop’s mix of ratings, the same on every seed', () => {
    const r = loadReviews(null, 400);
    expect(r).toHaveLength(400);
    expect(new Set(r.map((x) => x.text)).size).toBe(400);
    const stars = (lo: number, hi: number) => r.filter((x) => x.rating! >= lo && x.rating! <= hi).length;
    expect(stars(4, 5)).toBe(328);
    expect(stars(1, 2)).toBe(52);
    expect(stars(3, 3)).toBe(20);
    expect(r.filter((x) => x.rating! >= 4).every((x) => x.positive)).toBe(true);
    expect(loadReviews(null, 400)).toEqual(r);
  });

  it('gives the generated demo’s sentiment refit enough good and bad reviews to judge (it said 好评或差评不足 30 条)', () => {
    const now = Date.UTC(2026, 11, 5, 3, 40);
    const events = planDemoEvents({ taobao: null, cdnow: null, catalog: buildCatalog(null, []), prices: [], now, reviews: loadReviews(null, 400) });
    const rows = events.flatMap((e) =>
      e.event.name === 'review_submit' ? [{ key: `${e.openid}:${e.event.eventId}`, text: e.event.props.text, rating: e.event.props.rating }] : [],
    );
    const rated = ratedReviews(rows);
    expect(rated.length).toBeGreaterThan(1000);
    // What the refit runs on them: both classes counted, and held back, so the guard judges.
    const a = adaptShopSentiment(rated, readShippedSentiment(), new Date(now));
    expect(a.summary.reason).not.toMatch(/too_few/);
    expect(a.summary.guard?.heldOut).toBeGreaterThan(100);
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
