/**
 * score-reviews: review texts go through the sentiment model once, at ingest; the score is
 * stored with the event (positive-probability permille) so rebuilds never re-score and stay exact.
 * Without a model (or when it fails) the review is stored unscored — counted as a review, left out
 * of the sentiment mean — and the failure is logged, never hidden.
 */
import { ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

/** Positive probability → integer permille (exact sums in profiles). */
export function toPermille(positive: number): number {
  return Math.min(1000, Math.max(0, Math.round(positive * 1000)));
}

/** The score-reviews step. */
export const scoreReviews: Step<TrackContext, TrackItem> = {
  name: 'score-reviews',
  async run(ctx, items) {
    const reviews = items.filter((i) => i.doc!.name === 'review_submit');
    if (reviews.length > 0 && ctx.scorer) {
      try {
        const scores = await ctx.scorer(reviews.map((r) => String(r.doc!.props.text)));
        reviews.forEach((r, k) => {
          const p = scores[k]?.positive;
          if (typeof p === 'number' && Number.isFinite(p)) r.doc!.sentiment = toPermille(p);
        });
      } catch (err) {
        ctx.log('sentiment model failed; reviews stored unscored', err);
      }
    }
    return items.map((i) => ok(i));
  },
};
