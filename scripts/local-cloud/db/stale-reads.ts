/**
 * Fault mode: reads answered from a replica that lags the primary (read-your-writes not kept).
 *
 * Why: CloudBase does not document whether a read right after a write sees it. Its database is
 * MongoDB-backed and the read preference is not stated, so a query may be answered by a secondary
 * that has not applied the last writes yet. A product that reads "absent" right after a write (an
 * insert's read-back after a lost answer, `Db.isOwnWrite`, the stock-hold repair pass) and acts on
 * it would act on a stale answer. Writes — inserts, updates (also their conditions and counts),
 * removes — always act on the primary's current state, as MongoDB's do.
 *
 * With `staleReadMs: N` (`QX_STALE_READ_MS`; default 0 = every read sees every write, what the
 * local cloud always did) a wire query, count or aggregation outside a transaction is answered
 * from the database as it was N ms ago: the strictest replica that lag allows, deterministic for
 * a test that uses a lag far longer than the test (load cannot make a write visible early).
 * {@link StaleReads.catchUp} makes every write so far visible (the replica caught up). The
 * in-process handle (emulator internals, tests' own checks) always reads the current state.
 * The unit tests' memory SDK (common/db/testing/memory-sdk.ts) keeps its own replica with this
 * class, over its plain tables ({@link MAP_TABLES}): the same log, views and natural order.
 */
import type { DocId } from '../store/lmdb-store';
import { Collection } from './collection';
import type { Doc } from './ejson';

/** Options of the fault (the engine's extend this). */
export interface StaleReadOptions {
  /** How old a read's snapshot is, in ms (default: `QX_STALE_READ_MS`, else 0 = current). */
  staleReadMs?: number;
}

/** The lag `opts` asks for, else `QX_STALE_READ_MS`, else 0; a negative or non-number is refused. */
export function staleReadMs(opts: StaleReadOptions = {}): number {
  const v = opts.staleReadMs ?? Number(process.env.QX_STALE_READ_MS || 0);
  if (!Number.isFinite(v) || v < 0) throw new Error(`QX_STALE_READ_MS must be a number of ms ≥ 0, not ${JSON.stringify(v)}`);
  return v;
}

/** How a replica copies one collection of its primary, and undoes a write on the copy. */
export interface ReplicaTables<C> {
  copy(name: string, current: C): C;
  /** Where `id` stands in `current`'s natural order, read just before a write that may remove it. */
  placeOf(current: C, id: DocId): number | undefined;
  /** `place`: what {@link placeOf} said before the write, so a removed document goes back there. */
  undo(view: C, id: DocId, before: Doc | undefined, place?: number): void;
}

/** The engine's collections (documents, natural order and indexes): a place is a first-insert sequence. */
const ENGINE_TABLES: ReplicaTables<Collection> = {
  copy: (_name, current) => current.copy(),
  placeOf: (current, id) => current.seqOf(id),
  undo(view, id, before, place) {
    if (before) view.restore(id, before, place);
    else view.delete(id);
  },
};

/**
 * Plain tables (`_id` → document, iteration order = natural order: the unit tests' memory SDK): a
 * place is the index in that order. Exact because the views undo the writes newest first: when a
 * removal is undone, the view is the table as it was right after it, where the index still points
 * between the same neighbours (a test that edits a table directly while reads lag may shift it).
 */
export const MAP_TABLES: ReplicaTables<Map<string, Doc>> = {
  copy: (_name, current) => new Map(current),
  placeOf(current, id) {
    let i = 0;
    for (const k of current.keys()) {
      if (k === String(id)) return i;
      i++;
    }
    return undefined;
  },
  undo(view, id, before, place) {
    const key = String(id);
    if (!before) view.delete(key);
    else if (view.has(key) || place === undefined || place >= view.size) view.set(key, before);
    else {
      // A Map only appends: rebuild it with the document back between its old neighbours.
      const entries = [...view];
      entries.splice(place, 0, [key, before]);
      view.clear();
      for (const [k, d] of entries) view.set(k, d);
    }
  },
};

/** The replica `opts` asks for over the engine's collections: null when the lag is 0 (reads see every write). */
export function replicaOf(opts: StaleReadOptions, colls: Map<string, Collection>): StaleReads | null;
/** The replica `opts` asks for over other tables (the memory SDK's: {@link MAP_TABLES}): null when the lag is 0. */
export function replicaOf<C>(opts: StaleReadOptions, colls: Map<string, C>, tables: ReplicaTables<C>): StaleReads<C> | null;
export function replicaOf<C>(opts: StaleReadOptions, colls: Map<string, C>, tables?: ReplicaTables<C>): StaleReads<C> | null {
  const lag = staleReadMs(opts);
  return lag > 0 ? new StaleReads<C>(lag, colls, tables ?? (ENGINE_TABLES as unknown as ReplicaTables<C>)) : null;
}

interface Change {
  at: number;
  collection: string;
  id: DocId;
  /** The document before this write (undefined: it did not exist). */
  before: Doc | undefined;
  /** Its place in natural order, so a read that lags the write's removal finds it there. */
  place?: number;
}

/** The replica of one engine (or memory SDK): the writes it has not applied yet. */
export class StaleReads<C = Collection> {
  private log: Change[] = [];

  constructor(
    readonly lagMs: number,
    /** The engine's collections (the primary's current state). */
    private readonly colls: Map<string, C>,
    private readonly tables: ReplicaTables<C>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records a write of `collection/id` that replaced `before` (called by the engine's apply and the
   * memory SDK before the write; the replica notes where `before` stood in natural order).
   */
  record(collection: string, id: DocId, before: Doc | undefined): void {
    const at = this.now();
    // Writes older than the lag are on the replica: forget them (keeps the log short).
    const cut = at - this.lagMs;
    let drop = 0;
    while (drop < this.log.length && this.log[drop].at <= cut) drop++;
    if (drop) this.log.splice(0, drop);
    const current = before ? this.colls.get(collection) : undefined;
    const place = current === undefined ? undefined : this.tables.placeOf(current, id);
    this.log.push({ at, collection, id, before, place });
  }

  /** The replica catches up: every write so far becomes visible to reads. */
  catchUp(): void {
    this.log = [];
  }

  /**
   * Runs the synchronous `read` with the replica's collections standing in for the engine's
   * current ones, put back before this returns.
   */
  read<T>(read: () => T): T {
    const colls = this.colls;
    const views = this.views((name) => colls.get(name));
    if (views.size === 0) return read();
    const saved = [...views.keys()].map((name) => [name, colls.get(name) as C] as const);
    for (const [name, view] of views) colls.set(name, view);
    try {
      return read();
    } finally {
      for (const [name, c] of saved) colls.set(name, c);
    }
  }

  /**
   * The collections as the replica has them, for those with writes it lacks: a copy of `current`
   * with those writes undone, newest first. Collections without such writes are not copied.
   */
  views(current: (name: string) => C | undefined): Map<string, C> {
    const cut = this.now() - this.lagMs;
    const pending = this.log.filter((c) => c.at > cut);
    const out = new Map<string, C>();
    for (let i = pending.length - 1; i >= 0; i--) {
      const ch = pending[i];
      let view = out.get(ch.collection);
      if (!view) {
        const cur = current(ch.collection);
        if (!cur) continue;
        view = this.tables.copy(ch.collection, cur);
        out.set(ch.collection, view);
      }
      this.tables.undo(view, ch.id, ch.before, ch.place);
    }
    return out;
  }
}
