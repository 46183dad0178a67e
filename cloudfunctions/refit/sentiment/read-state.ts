/**
 * The read phase's checkpoint in the run document, and the upgrade of one written by the earlier
 * `skip` reader. The keyset position (the last event read: its `ts` and `_id`) is the run's
 * `cursor`, not its state: an event id begins with the customer's openid, and the runner clears
 * the cursor when the run ends (jobs/runner.ts), so no id outlives a deletion in the kept run. It
 * is stored as `{ ts, id }`: CloudBase refuses a stored field name starting with `_` below the top.
 */
import { z } from 'zod';
import type { SortCursor } from '../../common/db/sorted-page';
import type { JobRun } from '../../common/jobs';

/** Why the read phase began again: a run checkpointed by the `skip` reader (before session 20). */
export const SKIP_PAGER_RESTART = 'skip_pager_checkpoint';

/** The read phase's state: the frozen window, events scanned, review parts written. */
export interface ReadState {
  until: number;
  read: number;
  parts: number;
  /** Marks a checkpoint of the keyset reader; one without it was written by the `skip` reader. */
  pager: 'keyset';
  /** Set when a `skip` checkpoint was dropped: when, why, and what it had read. */
  restarted?: { at: number; reason: typeof SKIP_PAGER_RESTART; read: number; parts: number };
}

/** The keyset position as the run document stores it. */
export interface StoredCursor {
  ts: number;
  id: string;
}

const cursorSchema = z.object({ ts: z.number(), id: z.string() });

/** The position `c` as stored in the run's `cursor`. */
export const storedCursor = (c: SortCursor): StoredCursor => ({ ts: Number(c.value), id: String(c._id) });

/** A keyset checkpoint that has read events but holds no position to go on from. */
export class ReadCursorMissingError extends Error {
  override name = 'ReadCursorMissingError';
  constructor(runId: string, read: number) {
    super(`run ${runId} read ${read} review events but its cursor holds no (ts, _id) position`);
  }
}

/** The run's keyset position after events were read; a run whose cursor is not one throws rather than read again from the top. */
export function readCursor(run: Readonly<JobRun>): SortCursor {
  const c = cursorSchema.safeParse(run.cursor);
  if (!c.success) throw new ReadCursorMissingError(run._id, Number(run.state.read));
  return { value: c.data.ts, _id: c.data.id };
}

/**
 * The read state of `run` as the keyset reader goes on from it. A checkpoint of the `skip` reader
 * (no `pager`, some events read) counts its position in events skipped, which no keyset can
 * take over exactly (an erasure since then moved every later event): the read starts again
 * within the same window, its old parts left unread, and `restarted` says so.
 */
export function readState(run: Readonly<JobRun>, now: number): ReadState {
  const s = run.state as Partial<Omit<ReadState, 'pager'>> & { pager?: unknown };
  const until = s.until ?? run.createdAt;
  const read = s.read ?? 0;
  const parts = s.parts ?? 0;
  if (s.pager === 'keyset' || run.phase !== 'read' || (read === 0 && parts === 0))
    return { until, read, parts, pager: 'keyset', ...(s.restarted ? { restarted: s.restarted } : {}) };
  return { until, read: 0, parts: 0, pager: 'keyset', restarted: { at: now, reason: SKIP_PAGER_RESTART, read, parts } };
}
