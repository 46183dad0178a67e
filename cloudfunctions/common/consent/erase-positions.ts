/**
 * Paging positions that name an erased customer, moved off them (PIPL art. 47). A resumable walk
 * keeps the last item it read as its position: a profile's `_id` (the openid) for walks over
 * profiles, a review event's `_id` (`<openid>:<eventId>`) for the sentiment refit. A position in a
 * document that outlives the work (an ended run, the idle rebuild job) is cleared. A position of
 * work in flight is replaced by the item just before it in the walk's order that still exists
 * (after the erasure removed the customer's profile and events): "after that item" is then
 * exactly "after the erased one", so the walk resumes where it was — neither from the start
 * (everyone read twice) nor past someone not read yet. With no such item the walk's start stands
 * in (nothing before it remained). A position is only replaced while it still names the
 * customer: a walk that moved on meanwhile keeps its own.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { ENDED_RUN } from '../jobs/purge-artifacts';

/** The sentiment refit's stored position (refit/sentiment/read-state.ts): the last review event read. */
interface EventPosition {
  ts: number;
  id: string;
}

/** How many positions were moved off the customer or cleared. */
export interface MovedPositions {
  cleared: number;
  moved: number;
}

/** The profile id just before `openid` in `_id` order, or '' (a profile walk's start). */
async function profileBefore(db: Db, openid: string): Promise<string> {
  const [p] = await db.find(COLLECTIONS.profiles, { _id: db._.lt(openid) }, { orderBy: ['_id', 'desc'], limit: 1, fields: { _id: true } });
  return p ? String(p._id) : '';
}

/**
 * The review event just before `c` in the sentiment read's order (`ts` then `_id`, descending,
 * `ts ≤ until`: refit/sentiment/reviews.ts), or the read's start when none remains: a position
 * after which every event of the window follows.
 */
async function reviewBefore(db: Db, c: EventPosition, until: number): Promise<EventPosition> {
  const _ = db._;
  const [e] = await db.find(
    COLLECTIONS.events,
    _.and([{ name: 'review_submit', ts: _.lte(until) }, _.or([{ ts: _.gt(c.ts) }, { ts: c.ts, _id: _.gt(c.id) }])]),
    { orderBy: ['ts', 'asc'], limit: 1, fields: { _id: true, ts: true } },
  );
  return e ? { ts: Number(e.ts), id: String(e._id) } : { ts: until + 1, id: '' };
}

const isEventPosition = (c: unknown): c is EventPosition =>
  typeof c === 'object' && c !== null && typeof (c as EventPosition).ts === 'number' && typeof (c as EventPosition).id === 'string';

/** Running runs whose event position is one of the customer's events: moved to the event before it. */
async function moveEventPositions(db: Db, openid: string): Promise<number> {
  const runs = await db.findAll(COLLECTIONS.jobRuns, { status: 'running' }, { fields: { _id: true, cursor: true, state: true, createdAt: true } });
  let moved = 0;
  for (const r of runs) {
    const c = r.cursor;
    if (!isEventPosition(c) || !c.id.startsWith(`${openid}:`)) continue;
    const until = Number((r.state as { until?: unknown } | undefined)?.until ?? r.createdAt);
    const before = await reviewBefore(db, c, until);
    moved += await db.updateWhere(
      COLLECTIONS.jobRuns,
      { _id: r._id, status: 'running', 'cursor.ts': c.ts, 'cursor.id': c.id },
      { cursor: db._.set(before) },
    );
  }
  return moved;
}

/**
 * Moves every paging position off `openid`; call after the customer's profile and events are
 * removed. Ended runs and the idle rebuild job forget theirs; runs and jobs at work (the value,
 * scoring and segmentation refits, the sentiment refit, a full rebuild, the segment pass and
 * sweep, a campaign's dispatch) go on from the item before.
 */
export async function movePositionsOff(db: Db, openid: string): Promise<MovedPositions> {
  const ended = db._.in([...ENDED_RUN]);
  const R = COLLECTIONS.jobRuns;
  const J = COLLECTIONS.jobs;
  let cleared = await db.updateWhere(R, { cursor: openid, status: ended }, { cursor: null });
  // The segmentation refit's read phase keeps its position in its state (segment-refit/read-profiles.ts).
  cleared += await db.updateWhere(R, { 'state.read.after': openid, status: ended }, { 'state.read.after': '' });
  cleared += await db.updateWhere(J, { cursor: openid, state: 'idle' }, { cursor: '' });
  const before = await profileBefore(db, openid);
  let moved = await db.updateWhere(R, { cursor: openid, status: 'running' }, { cursor: before });
  moved += await db.updateWhere(R, { 'state.read.after': openid, status: 'running' }, { 'state.read.after': before });
  // The rebuild job (running), the segment job's pass and sweep, each campaign's dispatch cursor.
  moved += await db.updateWhere(J, { cursor: openid }, { cursor: before });
  moved += await db.updateWhere(J, { sweepCursor: openid }, { sweepCursor: before });
  moved += await moveEventPositions(db, openid);
  return { cleared, moved };
}
