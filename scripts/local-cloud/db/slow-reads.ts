/**
 * Fault mode: the database is slow or unavailable for the reads of chosen collections.
 *
 * Why: a cloud function's database call can time out — wx-server-sdk gives up after 15 s
 * (ESOCKETTIMEDOUT, -501001), the service answers DATABASE_TIMEOUT (-501001) or SERVER_TIMEOUT
 * (-501002), a gateway answers its 504 page (-1) — and the product must answer that honestly
 * (UNAVAILABLE where the call may be retried: common/contracts/reply-of-error.ts), not as a
 * generic failure. The local cloud never times out by itself; tests arm this fault on its
 * registry, in the style of late-commit.ts: the action's handler is wrapped and the answer goes
 * out on the wire, so the REAL wx-server-sdk reads it.
 *
 * An armed collection's queries, counts and aggregations outside a transaction are answered at
 * once with one of {@link TIMEOUT_ANSWERS} (nothing is read), or — `{ delayMs }` — answered as
 * usual only after that long (past the SDK's 15 s its own timeout fires). Writes are untouched.
 * Off until {@link SlowReads.arm}; {@link SlowReads.clear} ends it (a delayed read already
 * waiting still answers when its delay ends).
 */
import type { ActionRegistry, AdminResponse } from '../server/actions';
import { TIMEOUT_ANSWERS, type TimeoutAnswer } from './late-commit';

/** What an armed collection's reads get: a timeout answer at once, or their answer late. */
export type SlowRead = { answer: TimeoutAnswer } | { delayMs: number };

/** The armed fault of one local cloud. */
export interface SlowReads {
  /** From now on, reads of `collection` get `how` (default: SERVER_TIMEOUT at once); only the next `count` when given. */
  arm(collection: string, how?: SlowRead, count?: number): void;
  /** Ends the fault for `collection`, or for every collection. */
  clear(collection?: string): void;
  /** How many reads the fault has answered or delayed so far. */
  readonly hits: number;
}

/** The read actions of the wire (database-actions.ts): queries, counts, aggregations. */
const READS = ['database.getDocument', 'database.calculateDocument', 'database.aggregateDocuments'];

/** Installs the fault on `registry` (disarmed: every read runs as before until {@link SlowReads.arm}). */
export function injectSlowReads(registry: ActionRegistry): SlowReads {
  const armed = new Map<string, { how: SlowRead; left: number }>();
  let hits = 0;
  for (const action of READS) {
    const read = registry.resolve(action);
    if (!read) throw new Error(`the local cloud has no handler for ${action}`);
    registry.register(action, async (req): Promise<AdminResponse> => {
      const collection = String(req.body.collectionName ?? '');
      const a = armed.get(collection);
      // A transaction's read is answered inside it: never slowed.
      if (!a || req.body.transactionId) return read(req);
      if (--a.left <= 0) armed.delete(collection);
      const { how } = a;
      hits++;
      if ('delayMs' in how) {
        await new Promise((r) => setTimeout(r, how.delayMs));
        return read(req);
      }
      const t = TIMEOUT_ANSWERS[how.answer];
      return { kind: 'binary', status: t.status, contentType: t.type, body: Buffer.from(t.body) };
    });
  }
  return {
    arm(collection, how = { answer: 'serverTimeout' }, count = Infinity) {
      if ('delayMs' in how && !(Number.isFinite(how.delayMs) && how.delayMs >= 0)) throw new Error(`delayMs must be a number of ms ≥ 0, not ${how.delayMs}`);
      if (!(count >= 1)) throw new Error(`count must be at least 1, not ${count}`);
      armed.set(collection, { how, left: count });
    },
    clear(collection) {
      if (collection === undefined) armed.clear();
      else armed.delete(collection);
    },
    get hits() {
      return hits;
    },
  };
}
