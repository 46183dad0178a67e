/**
 * The shop's rated reviews as the sentiment refit reads them: `review_submit` events (index
 * name+ts), newest first, within a window frozen at the run's start so pages stay put while new
 * reviews arrive.
 */
import { COLLECTIONS } from '../../common/contracts/collections';
import type { Db } from '../../common/db/wx-db';

/** A review event reduced to what the refit uses. */
export interface ReviewRow {
  key: string;
  text: string;
  rating: number;
}

/** Ratings that label a review (3 stars is neither; see ratingLabel). */
const LABELLED = [1, 2, 4, 5];

/** Page `skip..skip+limit` of the review events with `ts ≤ until`, newest first (`scanned`: events read). */
export async function reviewPage(
  db: Db,
  until: number,
  skip: number,
  limit: number,
): Promise<{ rows: ReviewRow[]; scanned: number }> {
  const docs = await db.find(
    COLLECTIONS.events,
    { name: 'review_submit', ts: db._.lte(until) },
    { orderBy: ['ts', 'desc'], skip, limit, fields: { _id: true, props: true } },
  );
  const rows = docs
    .filter((d) => typeof d.props?.text === 'string' && typeof d.props?.rating === 'number')
    .map((d) => ({ key: String(d._id), text: d.props.text as string, rating: d.props.rating as number }));
  return { rows, scanned: docs.length };
}

/** Reviews with a labelling rating, optionally only those after `since` (epoch ms). */
export function countRated(db: Db, since?: number): Promise<number> {
  return db.count(COLLECTIONS.events, {
    name: 'review_submit',
    'props.rating': db._.in(LABELLED),
    ...(since !== undefined ? { ts: db._.gt(since) } : {}),
  });
}
