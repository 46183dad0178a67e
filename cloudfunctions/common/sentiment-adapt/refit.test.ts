import fs from 'node:fs';
import path from 'node:path';
import { createModelStore, memoryModelStorePorts, SHIPPED } from '../model-store';
import { syntheticShop } from '../../../test/helpers/synthetic-shop';
import { adaptShopSentiment, ratedReviews, ratingLabel, runSentimentRefit, type SentimentRefitPorts } from './refit';
import { reviewSliceKey } from './slices';

const DIR = path.resolve(__dirname, '../../../models/sentiment');
const base = {
  onnx: fs.readFileSync(path.join(DIR, 'model.onnx')),
  meta: JSON.parse(fs.readFileSync(path.join(DIR, 'meta.json'), 'utf8')),
};

/** Review events of a synthetic shop: positive → 4–5 stars, negative → 1–2, plus 3-star reviews. */
function events(n: number, seed: number) {
  return syntheticShop(n, seed).flatMap((r, i) => [
    { key: r.key, text: r.text, rating: r.label ? 4 + (i % 2) : 1 + (i % 2) },
    ...(i % 10 === 0 ? [{ key: `${r.key}-3`, text: r.text, rating: 3 }] : []),
  ]);
}

function setup(reviews: ReturnType<typeof events>) {
  let t = Date.parse('2026-12-04T00:00:00Z');
  const storePorts = memoryModelStorePorts(() => new Date((t += 1000)));
  const store = createModelStore(storePorts);
  const ports: SentimentRefitPorts = {
    reviews: async (limit) => reviews.slice(0, limit),
    base: async () => base,
    store,
    files: storePorts.files,
  };
  return { ports, store };
}

describe('runSentimentRefit', () => {
  it('maps ratings: 1–2 negative, 4–5 positive, 3 left out', () => {
    expect([1, 2, 3, 4, 5].map(ratingLabel)).toEqual([0, 0, null, 1, 1]);
  });

  it('publishes the adapted model through the store guard, and a refit that is not better keeps it', async () => {
    const { ports, store } = setup(events(600, 1));
    const now = new Date('2026-12-04T01:00:00Z');
    const first = await runSentimentRefit(ports, 'timer', now);
    expect(first).toMatchObject({ rated: 600, adapted: true, promoted: true });
    expect(first.serving).toBe(first.version);
    const [doc] = await store.history('sentiment');
    expect(doc).toMatchObject({ status: 'serving', evaluation: { metric: 'balanced_accuracy', incumbentVersion: SHIPPED, passed: true } });
    expect(doc.meta.adaptation).toMatchObject({ n: 600 });

    // Same reviews again: the candidate equals what serves, so it cannot be strictly better.
    const second = await runSentimentRefit(ports, 'staff:o1', now);
    expect(second.adapted).toBe(true);
    expect(second.promoted).toBe(false);
    expect(second.serving).toBe(first.version);
    expect(second.reason).toMatch(/store guard/);
    expect((await store.state('sentiment')).pointer?.serving).toBe(first.version);
  });

  it('too few rated reviews: nothing is published, the shipped model keeps serving', async () => {
    const { ports, store } = setup(events(100, 2));
    const r = await runSentimentRefit(ports, 'timer', new Date());
    expect(r).toMatchObject({ adapted: false, reason: 'too_few_reviews', promoted: false, serving: SHIPPED });
    expect(await store.history('sentiment')).toEqual([]);
  });

  it('holds back whole texts: a text repeated across reviews is never both fitted on and scored', () => {
    // Shops repeat short texts; with review-id slices the guard scored copies of fitted texts.
    const copies = ['默认好评', '很好', '质量不错，物流快', '太差了', '不推荐', '一般般吧，有点失望'];
    const raw = events(600, 3).map((r, i) =>
      i % 5 === 0 ? { ...r, text: `${copies[i % copies.length]}${i % 3 === 0 ? ' ' : ''}`, rating: i % 2 ? 5 : 1 } : r,
    );
    const rated = ratedReviews(raw);
    const a = adaptShopSentiment(rated, base, new Date('2026-12-04T01:00:00Z'));
    expect(a.summary.adapted).toBe(true);
    expect(a.summary.guard?.heldOut).toBe(a.held.length);
    // every copy of a repeated text sits on one side: all of them held back, or none
    for (const t of copies) {
      const k = reviewSliceKey(t);
      const total = rated.filter((r) => reviewSliceKey(r.text) === k).length;
      const held = a.held.filter((r) => reviewSliceKey(r.text) === k).length;
      expect(total).toBeGreaterThan(5);
      expect([0, total]).toContain(held);
    }
  });
});
