/**
 * The shop's rated reviews as the sentiment refit reads them: `review_submit` events (index
 * name+ts+_id), newest first, within a window frozen at the run's start so pages stay put while new
 * reviews arrive. Paged by a keyset on (ts, `_id`), not by `skip`: a review erased between two
 * pages (a customer's deletion) used to shift every later page by one, so the next page began one
 * review too late and missed one; and a skip of n costs the database n index entries, so reading
 * 100,000 events cost ~50 million.
 */
import { COLLECTIONS } from '../../common/contracts/collections';
import { sortedPage, type SortCursor } from '../../common/db/sorted-page';
import type { Db } from '../../common/db/wx-db';

/** A review event reduced to what the refit uses. */
export interface ReviewRow {
  key: string;
  text: string;
  rating: number;
}

/** One page of the read: its rated rows, the events scanned, where the next page starts, and whether it was the last. */
export interface ReviewPage {
  rows: ReviewRow[];
  scanned: number;
  /** The last event scanned (absent when none was): the next page starts after it. */
  next?: SortCursor;
  last: boolean;
}

/** Ratings that label a review (3 stars is neither; see ratingLabel). */
const LABELLED = [1, 2, 4, 5];

/**
 * Up to `limit` review events with `ts ≤ until` after `after` in (ts, `_id`) descending order,
 * however the cloud caps one answer (sortedPage fills the page from as many as it takes).
 */
export async function reviewPage(db: Db, until: number, after: SortCursor | undefined, limit: number): Promise<ReviewPage> {
  const { docs, last } = await sortedPage(
    db,
    COLLECTIONS.events,
    { name: 'review_submit', ts: db._.lte(until) },
    { orderBy: ['ts', 'desc'], limit, fields: { props: true }, ...(after ? { after } : {}) },
  );
  const rows = docs
    .filter((d) => typeof d.props?.text === 'string' && typeof d.props?.rating === 'number')
    .map((d) => ({ key: String(d._id), text: d.props.text as string, rating: d.props.rating as number }));
  const end = docs[docs.length - 1];
  return { rows, scanned: docs.length, last, ...(end ? { next: { value: end.ts, _id: end._id } } : {}) };
}

/** Reviews with a labelling rating, optionally only those after `since` (epoch ms). */
export function countRated(db: Db, since?: number): Promise<number> {
  return db.count(COLLECTIONS.events, {
    name: 'review_submit',
    'props.rating': db._.in(LABELLED),
    ...(since !== undefined ? { ts: db._.gt(since) } : {}),
  });
}
